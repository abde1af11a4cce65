package io.aetherfs.core.model;

import java.time.Instant;

/**
 * An immutable record of a session's tree with a message. {@code object} is the content-addressed
 * commit node (root, parent object, author, time, message) this record names.
 */
public record Commit(
        CommitId id,
        SessionId sessionId,
        CommitId parentCommitId,
        Hash root,
        Hash object,
        String fingerprint,
        String message,
        String author,
        Instant createdAt,
        ChangeStats stats,
        String approvalId) {}
