package io.aetherfs.service.transfer;

import io.aetherfs.core.model.ChangeStats;

/** What a tarball sync changed and the session's fingerprint afterwards. */
public record SyncResult(ChangeStats stats, String fingerprint) {}
