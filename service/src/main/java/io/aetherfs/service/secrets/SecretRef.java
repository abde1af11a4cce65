package io.aetherfs.service.secrets;

import java.time.Instant;

/** What a secret listing shows (spec §6.12): the name, scope and last update, never the value. */
public record SecretRef(SecretName name, SecretScope scope, Instant updatedAt) {}
