package io.aetherfs.service.approvals;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.ApprovalId;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.util.Json;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.Fingerprints;
import io.aetherfs.service.session.SessionAccess;
import io.aetherfs.service.session.Transitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Approval use cases (spec §6.6, §8.8, §9.3): request (ACTIVE → PENDING_APPROVAL), list, get, and the
 * three ways out of PENDING_APPROVAL: grant and deny by another principal, cancel by the requester or a
 * tenant.admin. Each is one change that writes the approval (recording its event) and moves the session
 * (recording SESSION_STATUS_CHANGED). Enforcement is {@link ApprovalGate}.
 */
public final class Approvals {
    private static final int MAX_COMMENT = 16384;
    private static final int MAX_DETAILS_BYTES = 64 * 1024;

    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final Fingerprints fingerprints;

    public Approvals(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
        this.fingerprints = new Fingerprints(engine);
    }

    /** Asks for an approval of the session's current tree; the session waits in PENDING_APPROVAL. */
    public Approval request(
            Caller caller, SessionId id, ApprovalReason reason, Map<String, Object> details, String comment) {
        caller.require(Scope.SESSION_WRITE);
        if (reason == null) {
            throw AfsException.invalid("reason is required (one of " + List.of(ApprovalReason.values()) + ")");
        }
        checkComment(comment);
        if (details != null && Json.write(details).length > MAX_DETAILS_BYTES) {
            throw AfsException.invalid("details must be at most " + MAX_DETAILS_BYTES + " bytes as JSON");
        }
        fingerprints.warm(caller.tenant(), id);
        ApprovalId aid = ApprovalId.generate(engine.ids());
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.ACTIVE_ONLY);
            Approval a = new Approval(
                    aid,
                    id,
                    reason,
                    details,
                    comment,
                    ApprovalState.PENDING,
                    ctx.fingerprint(id),
                    caller.principal(),
                    ctx.now(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            ctx.records(ApprovalRecords.APPROVALS, id).put(a);
            ctx.updateSession(id, s -> s.withLifecycle(s.lifecycle().withPendingApproval(aid.value())));
            Transitions.change(
                    ctx,
                    id,
                    SessionStatus.PENDING_APPROVAL,
                    "request-approval",
                    comment,
                    Map.of("approvalId", aid.value()));
            return a;
        });
    }

    /** Grants a pending approval; the session returns to ACTIVE with the approval guarding its fingerprint. */
    public Approval grant(Caller caller, SessionId id, ApprovalId aid, String comment) {
        return decide(caller, id, aid, comment, ApprovalState.GRANTED, "grant");
    }

    /** Denies a pending approval; the session returns to ACTIVE. */
    public Approval deny(Caller caller, SessionId id, ApprovalId aid, String comment) {
        return decide(caller, id, aid, comment, ApprovalState.DENIED, "deny");
    }

    /** Withdraws a pending approval (the requester or a tenant.admin only); the session returns to ACTIVE. */
    public Approval cancel(Caller caller, SessionId id, ApprovalId aid, String comment) {
        return decide(caller, id, aid, comment, ApprovalState.CANCELLED, "cancel");
    }

    private Approval decide(
            Caller caller, SessionId id, ApprovalId aid, String comment, ApprovalState to, String trigger) {
        caller.require(Scope.SESSION_WRITE);
        checkComment(comment);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Session s = ctx.findSession(id).orElseThrow(() -> AfsException.notFound("session " + id + " not found"));
            SessionAccess.checkVisible(caller, s);
            Records<ApprovalId, Approval> records = ctx.records(ApprovalRecords.APPROVALS, id);
            Approval a = records.require(aid);
            checkDecider(caller, a, to);
            if (a.state() != ApprovalState.PENDING) {
                throw AfsException.of(
                        Reason.APPROVAL_NOT_PENDING,
                        "approval " + aid + " is " + a.state().wireName() + "; only a pending approval can be "
                                + (to == ApprovalState.CANCELLED
                                        ? "cancelled"
                                        : to == ApprovalState.GRANTED ? "granted" : "denied")
                                + (a.state() == ApprovalState.STALE ? " (the session changed: request a new one)" : ""),
                        "state",
                        a.state().wireName());
            }
            Approval decided = a.decided(to, caller.principal(), ctx.now(), comment);
            records.put(decided);
            leavePending(ctx, s, decided, trigger, comment);
            return decided;
        });
    }

    /** Throws PERMISSION_DENIED when the caller may not take this decision on {@code a}. */
    private static void checkDecider(Caller caller, Approval a, ApprovalState to) {
        boolean requester = caller.principal().equals(a.requestedBy());
        if (to == ApprovalState.CANCELLED) {
            if (!requester && !caller.has(Scope.ADMIN)) {
                throw new AfsException(
                        ErrorCode.PERMISSION_DENIED,
                        "only the requester (" + a.requestedBy() + ") or a tenant.admin may cancel approval " + a.id());
            }
        } else if (requester) {
            throw AfsException.of(
                    Reason.SELF_APPROVAL,
                    "approval " + a.id() + " was requested by " + a.requestedBy()
                            + "; another principal must grant or deny it");
        }
    }

    /** Moves the session out of PENDING_APPROVAL; a grant leaves the approved fingerprint guarded. */
    private static void leavePending(ChangeContext ctx, Session s, Approval decided, String trigger, String comment) {
        if (decided.state() == ApprovalState.GRANTED) {
            ctx.updateSession(
                    s.id(), x -> x.withLifecycle(x.lifecycle().withApprovedFingerprint(decided.fingerprint())));
        }
        if (s.status() == SessionStatus.PENDING_APPROVAL
                && decided.id().value().equals(s.lifecycle().pendingApprovalId())) {
            Transitions.change(
                    ctx,
                    s.id(),
                    SessionStatus.ACTIVE,
                    trigger,
                    comment,
                    Map.of("approvalId", decided.id().value()));
        }
    }

    /** Lists a session's approvals newest first, optionally only those in {@code state} or of {@code reason}. */
    public Page<Approval> list(
            Caller caller, SessionId id, ApprovalState state, ApprovalReason reason, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String filter = "state=" + (state == null ? "" : state) + ";reason=" + (reason == null ? "" : reason);
        String route = "ListApprovals:" + id;
        String position = tokens.decode(page, route, filter);
        ApprovalId after = position == null ? null : parseId(position);
        Records<ApprovalId, Approval> records = engine.records(caller.tenant()).of(ApprovalRecords.APPROVALS, id);
        List<Approval> out = new ArrayList<>();
        while (true) {
            RecordPage<Approval> batch =
                    records.list(RecordQuery.<ApprovalId>last(256).after(after));
            for (Approval a : batch.items()) {
                if ((state == null || a.state() == state) && (reason == null || a.reason() == reason)) {
                    if (out.size() == size) {
                        return new Page<>(
                                out,
                                tokens.encode(route, filter, out.getLast().id().value()));
                    }
                    out.add(a);
                }
                after = a.id();
            }
            if (!batch.more()) {
                return new Page<>(out, "");
            }
        }
    }

    /** Returns one approval of a session the caller may see. */
    public Approval get(Caller caller, SessionId id, ApprovalId aid) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        return engine.records(caller.tenant()).of(ApprovalRecords.APPROVALS, id).require(aid);
    }

    /** Returns the approval id {@code raw} names; NOT_FOUND when it is malformed (it names no approval). */
    public static ApprovalId parseId(String raw) {
        if (!ApprovalId.isValid(raw)) {
            throw AfsException.notFound("approval " + raw + " not found");
        }
        return new ApprovalId(raw);
    }

    private static void checkComment(String comment) {
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw AfsException.invalid("comment must be at most " + MAX_COMMENT + " characters");
        }
    }
}
