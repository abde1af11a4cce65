package io.aetherfs.service.approvals;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.FingerprintWatch;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.ApprovalId;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import java.util.ArrayList;
import java.util.List;

/**
 * The enforcement half of approvals (spec §8.8), run inside the change of the action it gates: with
 * {@code capabilities.approvals} on, commit, promoteSession and DELETE each need a GRANTED approval of
 * their reason for the session's current fingerprint and consume it in their own change; and a granted
 * approval whose session's tree moves before it is used turns STALE in the change that moved it
 * ({@link #STALENESS}, the engine's {@link FingerprintWatch}).
 */
public final class ApprovalGate {
    /** Turns every GRANTED approval of a session STALE when its fingerprint moves; registered with the engine. */
    public static final FingerprintWatch STALENESS = ApprovalGate::stale;

    private static final int SCAN = 256;

    private ApprovalGate() {}

    /**
     * Consumes the approval an action on {@code session} needs, in the caller's change, and returns its id;
     * returns null without looking when the session's {@code capabilities.approvals} is off (approvals are
     * advisory then). The action is allowed only with a GRANTED approval of {@code reason} whose fingerprint
     * is the session's current one; it turns CONSUMED (consumedAt now, {@code consumedBy} naming the
     * action) and APPROVAL_CONSUMED is recorded, all in this change, so a failed action consumes nothing.
     *
     * <p>This is the call promotion makes inside its own change, with
     * {@code consume(ctx, session, ApprovalReason.PROMOTE_SOURCE, "promote:" + jobId)}; commit passes
     * {@code "commit:" + commitId} and DELETE {@code "delete"}.
     *
     * @throws AfsException FAILED_PRECONDITION APPROVAL_REQUIRED (metadata {@code reason}) when there is no
     *     such approval, with a message saying what to request
     */
    public static ApprovalId consume(ChangeContext ctx, Session session, ApprovalReason reason, String consumedBy) {
        Approval a = require(ctx, session, reason);
        if (a == null) {
            return null;
        }
        markConsumed(ctx, a, consumedBy);
        return a.id();
    }

    /**
     * Returns the approval an action needs without consuming it (null when approvals are off), so an action
     * can refuse early and consume later in the same change with {@link #markConsumed}.
     */
    public static Approval require(ChangeContext ctx, Session session, ApprovalReason reason) {
        if (!session.settings().capabilities().approvals()) {
            return null;
        }
        SessionId id = session.id();
        String fingerprint = ctx.fingerprint(id);
        for (Approval a : ofState(ctx, id, ApprovalState.GRANTED)) {
            if (a.reason() == reason && a.fingerprint().equals(fingerprint)) {
                return a;
            }
        }
        throw AfsException.of(
                Reason.APPROVAL_REQUIRED,
                "session " + id + " has capabilities.approvals on: this needs a GRANTED " + reason.wireName()
                        + " approval for its current fingerprint " + fingerprint
                        + "; request one with POST /v1/sessions/"
                        + id + "/request-approval {\"reason\": \"" + reason.name()
                        + "\"} and have another principal grant it",
                "reason",
                reason.wireName());
    }

    /** Marks a GRANTED approval CONSUMED by {@code consumedBy} in this change (recording APPROVAL_CONSUMED). */
    public static void markConsumed(ChangeContext ctx, Approval a, String consumedBy) {
        Records<ApprovalId, Approval> records = ctx.records(ApprovalRecords.APPROVALS, a.sessionId());
        records.put(a.consumed(consumedBy, ctx.now()));
        if (ofState(ctx, a.sessionId(), ApprovalState.GRANTED).isEmpty()) {
            ctx.updateSession(a.sessionId(), s -> s.withLifecycle(s.lifecycle().withApprovedFingerprint(null)));
        }
    }

    /** Turns the session's GRANTED approvals STALE (recording APPROVAL_STALE each) and drops its guard. */
    private static void stale(ChangeContext ctx, SessionId id, String guarded, String current) {
        Records<ApprovalId, Approval> records = ctx.records(ApprovalRecords.APPROVALS, id);
        for (Approval a : ofState(ctx, id, ApprovalState.GRANTED)) {
            records.put(a.stale(ctx.now()));
        }
        ctx.updateSession(id, s -> s.withLifecycle(s.lifecycle().withApprovedFingerprint(null)));
    }

    /** Returns the session's approvals in {@code state}, newest first, as this change sees them. */
    static List<Approval> ofState(ChangeContext ctx, SessionId id, ApprovalState state) {
        Records<ApprovalId, Approval> records = ctx.records(ApprovalRecords.APPROVALS, id);
        List<Approval> out = new ArrayList<>();
        ApprovalId after = null;
        while (true) {
            RecordPage<Approval> page =
                    records.list(RecordQuery.<ApprovalId>last(SCAN).after(after));
            for (Approval a : page.items()) {
                if (a.state() == state) {
                    out.add(a);
                }
                after = a.id();
            }
            if (!page.more()) {
                return out;
            }
        }
    }
}
