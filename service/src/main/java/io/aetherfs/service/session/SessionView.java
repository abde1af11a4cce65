package io.aetherfs.service.session;

import io.aetherfs.core.model.Session;

/** A session record with its current working-tree fingerprint, as APIs return it. */
public record SessionView(Session session, String fingerprint) {}
