package io.aetherfs.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The persisted record of a session, grouped by how often each part changes: where it came from, what
 * its owners set, where it is in its lifecycle, and the head of its tree and logs. {@code locksUntil} is
 * the latest expiry of the session's collaboration locks (null when it has none): every tree write reads
 * the session record anyway, so a write to a session without live locks learns it at no cost and never
 * reads the lock table (a lock's change rewrites this record, so writes racing it on other nodes rerun).
 */
public record Session(
        SessionId id, Origin origin, Settings settings, Lifecycle lifecycle, Head head, Instant locksUntil) {

    /** Returns a session record without collaboration locks. */
    public Session(SessionId id, Origin origin, Settings settings, Lifecycle lifecycle, Head head) {
        this(id, origin, settings, lifecycle, head, null);
    }

    /** Where the session came from; fixed at creation. */
    public record Origin(
            boolean emptyUnderlay,
            SourceRef sourceRef,
            Hash baseRoot,
            String baseFingerprint,
            SessionId parentSessionId,
            String forkFingerprint,
            List<ForkPoint> lineage,
            String createdBy,
            Instant createdAt) {
        public Origin {
            lineage = lineage == null ? List.of() : List.copyOf(lineage);
        }
    }

    /** What the session's owners may change (PATCH). */
    public record Settings(
            String displayName,
            String description,
            Map<String, String> tags,
            Map<String, String> labels,
            Capabilities capabilities,
            String owner,
            Visibility visibility,
            List<String> sharedWith,
            Long ttlSeconds,
            Instant expiresAt) {
        public Settings {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
            capabilities = capabilities == null ? Capabilities.DEFAULT : capabilities;
            visibility = visibility == null ? Visibility.TENANT : visibility;
        }
    }

    /**
     * The status and what it carries. {@code approvedFingerprint} is the fingerprint the session's
     * outstanding granted approvals were given for (null when it has none): a change that moves the
     * working tree away from it tells the engine's {@link io.aetherfs.core.engine.FingerprintWatch}, in
     * the same change, so those approvals turn stale; sessions without one pay nothing for it.
     */
    public record Lifecycle(
            SessionStatus status,
            ConflictState conflict,
            String pendingApprovalId,
            Instant archivedAt,
            CommitId lastCommitId,
            String approvedFingerprint) {
        /** A lifecycle without outstanding granted approvals. */
        public Lifecycle(
                SessionStatus status,
                ConflictState conflict,
                String pendingApprovalId,
                Instant archivedAt,
                CommitId lastCommitId) {
            this(status, conflict, pendingApprovalId, archivedAt, lastCommitId, null);
        }

        /** Returns a copy with another conflict state. */
        public Lifecycle withConflict(ConflictState c) {
            return new Lifecycle(status, c, pendingApprovalId, archivedAt, lastCommitId, approvedFingerprint);
        }

        /** Returns a copy naming another last commit. */
        public Lifecycle withLastCommit(CommitId id) {
            return new Lifecycle(status, conflict, pendingApprovalId, archivedAt, id, approvedFingerprint);
        }

        /** Returns a copy naming another pending approval (null: none). */
        public Lifecycle withPendingApproval(String approvalId) {
            return new Lifecycle(status, conflict, approvalId, archivedAt, lastCommitId, approvedFingerprint);
        }

        /** Returns a copy whose granted approvals guard {@code fingerprint} (null: none is outstanding). */
        public Lifecycle withApprovedFingerprint(String fingerprint) {
            return new Lifecycle(status, conflict, pendingApprovalId, archivedAt, lastCommitId, fingerprint);
        }
    }

    /**
     * The head: the stored root of the tree and how much of the write-ahead log it covers, the last log
     * and event sequences, and activity times. {@code rootFingerprint} is the fingerprint of {@code root}.
     */
    public record Head(
            Hash root,
            String rootFingerprint,
            long rootWal,
            long walSeq,
            long eventSeq,
            Instant updatedAt,
            Instant lastActivityAt) {}

    public SessionStatus status() {
        return lifecycle.status();
    }

    public Session withSettings(Settings s) {
        return new Session(id, origin, s, lifecycle, head, locksUntil);
    }

    public Session withLifecycle(Lifecycle l) {
        return new Session(id, origin, settings, l, head, locksUntil);
    }

    public Session withHead(Head h) {
        return new Session(id, origin, settings, lifecycle, h, locksUntil);
    }

    /** Returns a copy whose collaboration locks last until {@code until} (null: it has none). */
    public Session withLocksUntil(Instant until) {
        return new Session(id, origin, settings, lifecycle, head, until);
    }

    /** Returns whether a collaboration lock of this session may still be live at {@code now}. */
    public boolean mayHaveLiveLocks(Instant now) {
        return locksUntil != null && now.isBefore(locksUntil);
    }

    /** Returns a copy with another status, keeping the rest of the lifecycle. */
    public Session withStatus(SessionStatus status) {
        return withLifecycle(new Lifecycle(
                status,
                lifecycle.conflict(),
                lifecycle.pendingApprovalId(),
                lifecycle.archivedAt(),
                lifecycle.lastCommitId(),
                lifecycle.approvedFingerprint()));
    }
}
