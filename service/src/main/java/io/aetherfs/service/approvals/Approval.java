package io.aetherfs.service.approvals;

import io.aetherfs.core.model.ApprovalId;
import io.aetherfs.core.model.SessionId;
import java.time.Instant;
import java.util.Map;

/**
 * An explicit gate before an action on a session (spec §6.6): who asked, for which reason and which
 * tree ({@code fingerprint}, the session's when requested), who decided, and which action consumed it
 * ({@code consumedBy}: {@code commit:cmt_…}, {@code promote:job_…}, {@code delete}).
 */
public record Approval(
        ApprovalId id,
        SessionId sessionId,
        ApprovalReason reason,
        Map<String, Object> details,
        String comment,
        ApprovalState state,
        String fingerprint,
        String requestedBy,
        Instant requestedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionComment,
        Instant consumedAt,
        String consumedBy,
        Instant staleAt) {
    public Approval {
        details = details == null ? Map.of() : details;
    }

    /** Returns the approval decided ({@code GRANTED}, {@code DENIED} or {@code CANCELLED}) by {@code who}. */
    Approval decided(ApprovalState to, String who, Instant at, String comment) {
        return new Approval(
                id,
                sessionId,
                reason,
                details,
                this.comment,
                to,
                fingerprint,
                requestedBy,
                requestedAt,
                who,
                at,
                comment,
                consumedAt,
                consumedBy,
                staleAt);
    }

    /** Returns the approval consumed by the action {@code by}. */
    Approval consumed(String by, Instant at) {
        return new Approval(
                id,
                sessionId,
                reason,
                details,
                comment,
                ApprovalState.CONSUMED,
                fingerprint,
                requestedBy,
                requestedAt,
                decidedBy,
                decidedAt,
                decisionComment,
                at,
                by,
                staleAt);
    }

    /** Returns the approval turned stale by a change of the session's tree. */
    Approval stale(Instant at) {
        return new Approval(
                id,
                sessionId,
                reason,
                details,
                comment,
                ApprovalState.STALE,
                fingerprint,
                requestedBy,
                requestedAt,
                decidedBy,
                decidedAt,
                decisionComment,
                consumedAt,
                consumedBy,
                at);
    }
}
