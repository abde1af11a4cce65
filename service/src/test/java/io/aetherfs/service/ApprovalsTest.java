package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.service.approvals.Approval;
import io.aetherfs.service.approvals.ApprovalGate;
import io.aetherfs.service.approvals.ApprovalReason;
import io.aetherfs.service.approvals.ApprovalState;
import io.aetherfs.service.approvals.Approvals;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CapabilitiesPatch;
import io.aetherfs.service.session.CreateSession;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Approvals on the in-memory engine: the request/decide state machine, enforcement, consumption and staleness. */
class ApprovalsTest {
    private final Fixture f = new Fixture();
    private final Approvals approvals = f.services.approvals();

    @AfterEach
    void close() {
        f.close();
    }

    private SessionId guardedSession() {
        return f.services
                .sessions()
                .create(
                        f.alice,
                        new CreateSession(
                                null,
                                null,
                                null,
                                "g",
                                null,
                                new CapabilitiesPatch(null, true, null),
                                null,
                                null,
                                null,
                                null))
                .session()
                .id();
    }

    private Approval grantedCommit(SessionId id) {
        Approval a = approvals.request(f.alice, id, ApprovalReason.COMMIT_TO_MAIN, Map.of("files", 1), "please");
        return approvals.grant(f.bob, id, a.id(), "ok");
    }

    private List<EventType> types(SessionId id) {
        return f
                .services
                .events()
                .list(f.alice, id, new EventQuery(null, null, null, 0, null), new PageRequest(1000, ""))
                .items()
                .stream()
                .map(Event::type)
                .toList();
    }

    @Test
    void request_movesSessionToPendingApproval_refusesMutationsAndSecondRequest_allowsReads() {
        SessionId id = guardedSession();
        f.write(id, "a.txt", "one\n");
        String fp = f.services.sessions().get(f.alice, id).fingerprint();
        Approval a = approvals.request(f.alice, id, ApprovalReason.COMMIT_TO_MAIN, null, null);
        assertThat(a.state()).isEqualTo(ApprovalState.PENDING);
        assertThat(a.fingerprint()).isEqualTo(fp);
        assertThat(a.id().value()).startsWith("apr_");
        var s = f.services.sessions().get(f.alice, id).session();
        assertThat(s.status()).isEqualTo(SessionStatus.PENDING_APPROVAL);
        assertThat(s.lifecycle().pendingApprovalId()).isEqualTo(a.id().value());
        reason(Reason.SESSION_NOT_ACTIVE, () -> f.write(id, "a.txt", "two\n"));
        reason(Reason.SESSION_NOT_ACTIVE, () -> approvals.request(f.bob, id, ApprovalReason.OTHER, null, null));
        assertThat(f.read(id, "a.txt")).isEqualTo("one\n");
        assertThat(types(id)).endsWith(EventType.APPROVAL_REQUESTED, EventType.SESSION_STATUS_CHANGED);
    }

    @Test
    void grant_bySelfIsRefused_byAnotherReturnsSessionToActive_thenIsNotPendingAnyMore() {
        SessionId id = guardedSession();
        Approval a = approvals.request(f.alice, id, ApprovalReason.COMMIT_TO_MAIN, null, null);
        reason(Reason.SELF_APPROVAL, () -> approvals.grant(f.alice, id, a.id(), null));
        reason(Reason.SELF_APPROVAL, () -> approvals.deny(f.alice, id, a.id(), null));
        Approval granted = approvals.grant(f.bob, id, a.id(), "looks good");
        assertThat(granted.state()).isEqualTo(ApprovalState.GRANTED);
        assertThat(granted.decidedBy()).isEqualTo("bob");
        assertThat(granted.decisionComment()).isEqualTo("looks good");
        var s = f.services.sessions().get(f.alice, id).session();
        assertThat(s.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(s.lifecycle().pendingApprovalId()).isNull();
        var e = reason(Reason.APPROVAL_NOT_PENDING, () -> approvals.deny(f.bob, id, a.id(), null));
        assertThat(e.metadata()).containsEntry("state", "APPROVAL_STATE_GRANTED");
        reason(Reason.APPROVAL_NOT_PENDING, () -> approvals.cancel(f.alice, id, a.id(), null));
    }

    @Test
    void commit_needsGrantedApproval_consumesIt_andASecondUseIsRefused() {
        SessionId id = guardedSession();
        f.write(id, "a.txt", "one\n");
        var e = reason(Reason.APPROVAL_REQUIRED, () -> f.services.commits().commit(f.alice, id, "m", null, false));
        assertThat(e.getMessage()).contains("request-approval").contains("COMMIT_TO_MAIN");
        assertThat(e.metadata()).containsEntry("reason", "APPROVAL_REASON_COMMIT_TO_MAIN");
        Approval wrongReason = approvals.grant(
                f.bob,
                id,
                approvals.request(f.alice, id, ApprovalReason.OTHER, null, null).id(),
                null);
        reason(Reason.APPROVAL_REQUIRED, () -> f.services.commits().commit(f.alice, id, "m", null, false));
        Approval a = grantedCommit(id);
        Commit c = f.services.commits().commit(f.alice, id, "m", null, false);
        assertThat(c.approvalId()).isEqualTo(a.id().value());
        Approval consumed = approvals.get(f.alice, id, a.id());
        assertThat(consumed.state()).isEqualTo(ApprovalState.CONSUMED);
        assertThat(consumed.consumedBy()).isEqualTo("commit:" + c.id().value());
        assertThat(consumed.consumedAt()).isNotNull();
        assertThat(types(id)).endsWith(EventType.COMMIT_CREATED, EventType.APPROVAL_CONSUMED);
        reason(Reason.APPROVAL_REQUIRED, () -> f.services.commits().commit(f.alice, id, "again", null, true));
        assertThat(approvals.get(f.alice, id, wrongReason.id()).state()).isEqualTo(ApprovalState.GRANTED);
    }

    @Test
    void grantedApproval_turnsStaleInTheWriteThatChangesTheTree_notOnIdenticalBytes() {
        SessionId id = guardedSession();
        f.write(id, "a.txt", "one\n");
        Approval a = grantedCommit(id);
        assertThat(f.services.sessions().get(f.alice, id).session().lifecycle().approvedFingerprint())
                .isEqualTo(a.fingerprint());
        assertThat(f.engine
                        .records(Fixture.TENANT)
                        .of(EngineRecords.SESSIONS, null)
                        .require(id)
                        .lifecycle()
                        .approvedFingerprint())
                .as("the guard as stored")
                .isEqualTo(a.fingerprint());
        f.write(id, "a.txt", "one\n"); // same bytes, same fingerprint
        assertThat(approvals.get(f.alice, id, a.id()).state()).isEqualTo(ApprovalState.GRANTED);
        f.write(id, "a.txt", "two\n");
        Approval stale = approvals.get(f.alice, id, a.id());
        assertThat(stale.state()).isEqualTo(ApprovalState.STALE);
        assertThat(stale.staleAt()).isNotNull();
        assertThat(f.services.sessions().get(f.alice, id).session().lifecycle().approvedFingerprint())
                .isNull();
        assertThat(types(id)).endsWith(EventType.FILE_WRITTEN, EventType.APPROVAL_STALE);
        reason(Reason.APPROVAL_REQUIRED, () -> f.services.commits().commit(f.alice, id, "m", null, false));
    }

    @Test
    void grantedApproval_turnsStaleOnWholeTreeReplacement_restore() {
        SessionId id = guardedSession();
        f.write(id, "a.txt", "one\n");
        var cp = f.services.checkpoints().create(f.alice, id, null, null);
        f.write(id, "a.txt", "two\n");
        Approval a = grantedCommit(id);
        f.services.checkpoints().restore(f.alice, id, cp.id(), false, null);
        assertThat(approvals.get(f.alice, id, a.id()).state()).isEqualTo(ApprovalState.STALE);
        assertThat(types(id)).endsWith(EventType.SESSION_RESTORED, EventType.APPROVAL_STALE);
    }

    @Test
    void writes_withoutAnOutstandingGrant_neverComputeTheGuardedFingerprint() {
        AtomicInteger calls = new AtomicInteger();
        f.engine.watchFingerprints((ctx, session, guarded, current) -> {
            calls.incrementAndGet();
            ApprovalGate.STALENESS.moved(ctx, session, guarded, current);
        });
        SessionId plain = f.newSession();
        SessionId id = guardedSession();
        for (int i = 0; i < 20; i++) {
            f.write(plain, "f" + i, "x" + i);
            f.write(id, "f" + i, "x" + i);
        }
        assertThat(calls).hasValue(0);
        grantedCommit(id);
        f.write(id, "f0", "changed");
        f.write(id, "f1", "changed"); // the guard is gone with the first change
        assertThat(calls).hasValue(1);
    }

    @Test
    void cancel_onlyByRequesterOrAdmin_returnsSessionToActive() {
        SessionId id = guardedSession();
        Approval a = approvals.request(f.alice, id, ApprovalReason.DESTRUCTIVE_CLEANUP, null, null);
        Caller writer =
                new Caller(Fixture.TENANT, "carol", EnumSet.of(Scope.SESSION_READ, Scope.SESSION_WRITE), "t", "1");
        code(ErrorCode.PERMISSION_DENIED, () -> approvals.cancel(writer, id, a.id(), null));
        Approval cancelled = approvals.cancel(f.alice, id, a.id(), "changed my mind");
        assertThat(cancelled.state()).isEqualTo(ApprovalState.CANCELLED);
        assertThat(f.services.sessions().get(f.alice, id).session().status()).isEqualTo(SessionStatus.ACTIVE);
        Approval b = approvals.request(f.alice, id, ApprovalReason.DESTRUCTIVE_CLEANUP, null, null);
        assertThat(approvals.cancel(f.bob, id, b.id(), null).state()).isEqualTo(ApprovalState.CANCELLED);
    }

    @Test
    void delete_needsGrantedDestructiveCleanup() {
        SessionId id = guardedSession();
        reason(Reason.APPROVAL_REQUIRED, () -> f.services.sessions().delete(f.alice, id));
        Approval a = approvals.request(f.alice, id, ApprovalReason.DESTRUCTIVE_CLEANUP, null, null);
        approvals.grant(f.bob, id, a.id(), null);
        f.services.sessions().delete(f.alice, id);
        code(ErrorCode.NOT_FOUND, () -> f.services.sessions().get(f.alice, id));
    }

    @Test
    void otherTenantsAndUnknownIds_areNotFound() {
        SessionId id = guardedSession();
        Approval a = approvals.request(f.alice, id, ApprovalReason.OTHER, null, null);
        code(ErrorCode.NOT_FOUND, () -> approvals.get(f.mallory, id, a.id()));
        code(ErrorCode.NOT_FOUND, () -> approvals.grant(f.mallory, id, a.id(), null));
        code(ErrorCode.NOT_FOUND, () -> approvals.get(f.alice, id, Approvals.parseId("apr_nope")));
        SessionId other = f.newSession();
        code(ErrorCode.NOT_FOUND, () -> approvals.grant(f.bob, other, a.id(), null));
    }

    @Test
    void list_filtersByStateAndReason_newestFirst_inPages() {
        SessionId id = guardedSession();
        Approval first = approvals.cancel(
                f.alice,
                id,
                approvals.request(f.alice, id, ApprovalReason.OTHER, null, null).id(),
                null);
        Approval second = grantedCommit(id);
        Approval third = approvals.deny(
                f.bob,
                id,
                approvals
                        .request(f.alice, id, ApprovalReason.COMMIT_TO_MAIN, null, null)
                        .id(),
                null);
        assertThat(approvals.list(f.alice, id, null, null, PageRequest.FIRST).items())
                .extracting(Approval::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(approvals
                        .list(f.alice, id, ApprovalState.GRANTED, null, PageRequest.FIRST)
                        .items())
                .extracting(Approval::id)
                .containsExactly(second.id());
        assertThat(approvals
                        .list(f.alice, id, null, ApprovalReason.COMMIT_TO_MAIN, PageRequest.FIRST)
                        .items())
                .extracting(Approval::id)
                .containsExactly(third.id(), second.id());
        Page<Approval> p1 = approvals.list(f.alice, id, null, null, new PageRequest(2, ""));
        assertThat(p1.items()).hasSize(2);
        Page<Approval> p2 = approvals.list(f.alice, id, null, null, new PageRequest(2, p1.nextPageToken()));
        assertThat(p2.items()).extracting(Approval::id).containsExactly(first.id());
        assertThat(p2.nextPageToken()).isEmpty();
        code(
                ErrorCode.INVALID_ARGUMENT,
                () -> approvals.list(f.alice, id, ApprovalState.DENIED, null, new PageRequest(2, p1.nextPageToken())));
    }
}
