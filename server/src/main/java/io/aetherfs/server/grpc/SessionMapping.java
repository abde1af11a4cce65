package io.aetherfs.server.grpc;

import io.aetherfs.core.model.Capabilities;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.Visibility;
import io.aetherfs.proto.v1.ConflictState;
import io.aetherfs.proto.v1.SessionCapabilities;
import io.aetherfs.proto.v1.SessionSummary;
import io.aetherfs.proto.v1.SourceRef;
import io.aetherfs.proto.v1.UnderlayKind;
import io.aetherfs.service.session.SessionView;

/** Maps sessions to their proto forms (spec §6.2): the full Session and the list's SessionSummary. */
final class SessionMapping {
    private SessionMapping() {}

    /** Returns the Session message of a session view; every capability is set. */
    static io.aetherfs.proto.v1.Session session(SessionView v) {
        Session s = v.session();
        Session.Origin o = s.origin();
        Session.Settings st = s.settings();
        Session.Lifecycle l = s.lifecycle();
        var b = io.aetherfs.proto.v1.Session.newBuilder()
                .setId(s.id().value())
                .setDisplayName(Wire.orEmpty(st.displayName()))
                .setDescription(Wire.orEmpty(st.description()))
                .setStatus(status(s.status()))
                .setUnderlay(o.emptyUnderlay() ? UnderlayKind.UNDERLAY_KIND_EMPTY : UnderlayKind.UNDERLAY_KIND_SOURCE)
                .setBaseFingerprint(Wire.orEmpty(o.baseFingerprint()))
                .setFingerprint(Wire.orEmpty(v.fingerprint()))
                .setForkFingerprint(Wire.orEmpty(o.forkFingerprint()))
                .putAllTags(st.tags())
                .putAllLabels(st.labels())
                .setCapabilities(capabilities(st.capabilities()))
                .setOwner(Wire.orEmpty(st.owner()))
                .setCreatedBy(Wire.orEmpty(o.createdBy()))
                .setVisibility(visibility(st.visibility()))
                .addAllSharedWith(st.sharedWith())
                .setPendingApprovalId(Wire.orEmpty(l.pendingApprovalId()))
                .setTtlSeconds(st.ttlSeconds() == null ? 0 : st.ttlSeconds());
        if (o.sourceRef() != null) {
            b.setSourceRef(sourceRef(o.sourceRef()));
        }
        if (o.parentSessionId() != null) {
            b.setParentSessionId(o.parentSessionId().value());
        }
        if (l.lastCommitId() != null) {
            b.setLastCommitId(l.lastCommitId().value());
        }
        if (l.conflict() != null) {
            b.setConflict(conflict(l.conflict()));
        }
        if (st.expiresAt() != null) {
            b.setExpiresAt(ProtoTimes.of(st.expiresAt()));
        }
        if (o.createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(o.createdAt()));
        }
        if (s.head().updatedAt() != null) {
            b.setUpdatedAt(ProtoTimes.of(s.head().updatedAt()));
        }
        if (s.head().lastActivityAt() != null) {
            b.setLastActivityAt(ProtoTimes.of(s.head().lastActivityAt()));
        }
        if (l.archivedAt() != null) {
            b.setArchivedAt(ProtoTimes.of(l.archivedAt()));
        }
        return b.build();
    }

    /** Returns the list form of a session view. */
    static SessionSummary summary(SessionView v) {
        Session s = v.session();
        var b = SessionSummary.newBuilder()
                .setId(s.id().value())
                .setDisplayName(Wire.orEmpty(s.settings().displayName()))
                .setStatus(status(s.status()))
                .putAllTags(s.settings().tags())
                .putAllLabels(s.settings().labels())
                .setOwner(Wire.orEmpty(s.settings().owner()))
                .setFingerprint(Wire.orEmpty(v.fingerprint()));
        if (s.origin().sourceRef() != null) {
            b.setSourceRef(sourceRef(s.origin().sourceRef()));
        }
        if (s.origin().parentSessionId() != null) {
            b.setParentSessionId(s.origin().parentSessionId().value());
        }
        if (s.origin().createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(s.origin().createdAt()));
        }
        if (s.head().lastActivityAt() != null) {
            b.setLastActivityAt(ProtoTimes.of(s.head().lastActivityAt()));
        }
        return b.build();
    }

    /** Returns the wire status ({@code SessionStatus.X} → {@code SESSION_STATUS_X}). */
    static io.aetherfs.proto.v1.SessionStatus status(SessionStatus s) {
        return EnumMapping.toProto(s, "SESSION_STATUS_", io.aetherfs.proto.v1.SessionStatus.class);
    }

    static io.aetherfs.proto.v1.SessionVisibility visibility(Visibility v) {
        return EnumMapping.toProto(v, "SESSION_VISIBILITY_", io.aetherfs.proto.v1.SessionVisibility.class);
    }

    private static SessionCapabilities capabilities(Capabilities c) {
        return SessionCapabilities.newBuilder()
                .setCommit(c.commit())
                .setApprovals(c.approvals())
                .setAnnotations(c.annotations())
                .build();
    }

    private static SourceRef sourceRef(io.aetherfs.core.model.SourceRef r) {
        return SourceRef.newBuilder()
                .setSourceId(Wire.orEmpty(r.sourceId()))
                .setRevisionId(Wire.orEmpty(r.revisionId()))
                .build();
    }

    private static ConflictState conflict(io.aetherfs.core.model.ConflictState c) {
        var b = ConflictState.newBuilder().addAllPaths(c.paths()).setConflictCount((int)
                Math.min(Integer.MAX_VALUE, c.conflictCount()));
        if (c.sourceSessionId() != null) {
            b.setSourceSessionId(c.sourceSessionId().value());
        }
        if (c.detectedAt() != null) {
            b.setDetectedAt(ProtoTimes.of(c.detectedAt()));
        }
        return b.build();
    }
}
