package io.aetherfs.core.model;

import java.time.Instant;

/** A saved state of a session: the root it recorded and its fingerprint and size at that time. */
public record Checkpoint(
        CheckpointId id,
        SessionId sessionId,
        String name,
        String description,
        Hash root,
        String fingerprint,
        long fileCount,
        long totalBytes,
        String createdBy,
        Instant createdAt) {}
