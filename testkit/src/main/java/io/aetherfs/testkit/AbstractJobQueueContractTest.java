package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static io.aetherfs.testkit.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link JobQueue} backend passes. A backend's test opens "nodes": queues that share
 * one fresh, empty backend as separate server processes would (a backend that serves one process only
 * returns the same queue every time). Every node of a test follows one {@link TestClock}, so due times
 * and lease expiry are decided by moving the clock, never by sleeping. Races live in
 * {@link JobQueueConcurrencyChecks}.
 */
public abstract class AbstractJobQueueContractTest {
    protected static final String ARCHIVE = "test.archive";
    protected static final String IMPORT = "test.import";
    protected static final Set<String> KINDS = Set.of(ARCHIVE, IMPORT);
    protected static final Duration LEASE = Duration.ofSeconds(30);

    protected final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final List<JobQueue> opened = new ArrayList<>();
    private JobQueue queue;

    /**
     * Opens one more node's queue on this test's backend with times from {@code clock}: the first call
     * of a test creates a fresh, empty backend, later calls share it. The suite closes the queues; the
     * subclass closes whatever else it opened after each test.
     */
    protected abstract JobQueue openNode(TestClock clock);

    /** Whether {@link #openNode} returns separate queues that share the backend (several processes). */
    protected abstract boolean sharedByNodes();

    /** Returns this test's first node, opening it on first use. */
    protected final JobQueue queue() {
        if (queue == null) {
            queue = node();
        }
        return queue;
    }

    /** Opens one more node on this test's backend. */
    protected final JobQueue node() {
        JobQueue q = openNode(clock);
        opened.add(q);
        return q;
    }

    @AfterEach
    final void closeNodes() {
        opened.forEach(JobQueue::close);
    }

    private Job enqueue(String subject) {
        return queue().enqueue(TENANT_A, ARCHIVE, subject, utf8("payload of " + subject), clock.instant());
    }

    private Job claimOne(JobQueue q, String owner) {
        List<Job> claimed = q.claim(owner, KINDS, 1, LEASE);
        assertThat(claimed).as("jobs claimed by %s", owner).hasSize(1);
        return claimed.getFirst();
    }

    @Test
    void enqueue_newJob_isStoredFreeAndDueNow() {
        Job job = queue().enqueue(
                        TENANT_A, ARCHIVE, "sess-1", utf8("p"), clock.instant().minusSeconds(60));
        assertThat(job.tenant()).isEqualTo(TENANT_A);
        assertThat(job.kind()).isEqualTo(ARCHIVE);
        assertThat(job.subject()).isEqualTo("sess-1");
        assertThat(job.payload()).isEqualTo(utf8("p"));
        assertThat(job.createdAt()).isEqualTo(clock.instant());
        assertThat(job.dueAt()).as("a past not-before means now").isEqualTo(clock.instant());
        assertThat(job.attempts()).isZero();
        assertThat(job.owner()).isNull();
        assertThat(job.lastError()).isNull();
        Job found = queue().find(TENANT_A, ARCHIVE, "sess-1").orElseThrow();
        assertThat(found.id()).isEqualTo(job.id());
        assertThat(found.payload()).isEqualTo(utf8("p"));
    }

    @Test
    void enqueue_sameSubjectWhileUnfinished_returnsTheExistingJobUnchanged() {
        Job first = enqueue("sess-1");
        queue().claim("node-a", KINDS, 1, LEASE);
        Job again = queue().enqueue(TENANT_A, ARCHIVE, "sess-1", utf8("other"), clock.instant());
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.payload()).isEqualTo(first.payload());
        assertThat(again.owner()).as("still claimed").isEqualTo("node-a");
        assertThat(again.attempts()).isEqualTo(1);
    }

    @Test
    void enqueue_otherTenantKindOrSubject_isAnotherJob() {
        Job first = enqueue("sess-1");
        Job otherTenant = queue().enqueue(TENANT_B, ARCHIVE, "sess-1", new byte[0], clock.instant());
        Job otherKind = queue().enqueue(TENANT_A, IMPORT, "sess-1", new byte[0], clock.instant());
        Job otherSubject = enqueue("sess-2");
        assertThat(List.of(first.id(), otherTenant.id(), otherKind.id(), otherSubject.id()))
                .doesNotHaveDuplicates();
        assertThat(queue().find(TENANT_B, ARCHIVE, "sess-1").orElseThrow().id()).isEqualTo(otherTenant.id());
        assertThat(queue().find(TENANT_B, IMPORT, "sess-1")).isEmpty();
    }

    @Test
    void enqueue_afterComplete_createsANewJob() {
        Job first = enqueue("sess-1");
        assertThat(queue().complete(claimOne(queue(), "node-a"))).isTrue();
        assertThat(queue().find(TENANT_A, ARCHIVE, "sess-1")).isEmpty();
        Job second = enqueue("sess-1");
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.attempts()).isZero();
    }

    @Test
    void claim_beforeNotBefore_takesNothing_thenTakesItWhenDue() {
        queue().enqueue(TENANT_A, ARCHIVE, "later", new byte[0], clock.instant().plusSeconds(10));
        assertThat(queue().claim("node-a", KINDS, 10, LEASE)).isEmpty();
        clock.advance(Duration.ofMillis(9_999));
        assertThat(queue().claim("node-a", KINDS, 10, LEASE)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(claimOne(queue(), "node-a").subject()).isEqualTo("later");
    }

    @Test
    void claim_setsOwnerLeaseAndAttempt_andHoldsTheJobWhileLeased() {
        Job job = enqueue("sess-1");
        Job claimed = claimOne(queue(), "node-a");
        assertThat(claimed.id()).isEqualTo(job.id());
        assertThat(claimed.owner()).isEqualTo("node-a");
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.dueAt()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(claimed.payload()).isEqualTo(job.payload());
        clock.advance(LEASE.minusMillis(1));
        assertThat(queue().claim("node-b", KINDS, 10, LEASE)).as("leased").isEmpty();
        assertThat(queue().find(TENANT_A, ARCHIVE, "sess-1").orElseThrow().owner())
                .isEqualTo("node-a");
    }

    @Test
    void claim_takesTheEarliestDueFirst_uptoMax_onlyOfTheNamedKinds() {
        Instant now = clock.instant();
        queue().enqueue(TENANT_A, ARCHIVE, "third", new byte[0], now.plusSeconds(3));
        queue().enqueue(TENANT_B, ARCHIVE, "first", new byte[0], now.plusSeconds(1));
        queue().enqueue(TENANT_A, IMPORT, "other-kind", new byte[0], now);
        queue().enqueue(TENANT_A, ARCHIVE, "second", new byte[0], now.plusSeconds(2));
        clock.advance(Duration.ofSeconds(5));
        List<Job> claimed = queue().claim("node-a", Set.of(ARCHIVE), 2, LEASE);
        assertThat(claimed).extracting(Job::subject).containsExactlyInAnyOrder("first", "second");
        assertThat(queue().claim("node-a", Set.of(ARCHIVE), 5, LEASE))
                .extracting(Job::subject)
                .containsExactly("third");
        assertThat(queue().claim("node-a", KINDS, 5, LEASE))
                .extracting(Job::subject)
                .containsExactly("other-kind");
    }

    @Test
    void leaseExpiry_makesTheJobClaimableAgain_withTheNextAttempt() {
        enqueue("sess-1");
        claimOne(queue(), "node-a");
        clock.advance(LEASE);
        Job again = claimOne(queue(), "node-b");
        assertThat(again.owner()).isEqualTo("node-b");
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void staleClaim_afterReclaimByAnotherOwner_cannotRenewCompleteOrHandBack() {
        enqueue("sess-1");
        Job stale = claimOne(queue(), "node-a");
        clock.advance(LEASE.plusSeconds(1));
        Job current = claimOne(queue(), "node-b");
        assertThat(queue().renew(stale, LEASE)).isFalse();
        assertThat(queue().complete(stale)).isFalse();
        assertThat(queue().retryLater(stale, clock.instant(), "stale")).isFalse();
        Job stored = queue().find(TENANT_A, ARCHIVE, "sess-1").orElseThrow();
        assertThat(stored.owner()).isEqualTo("node-b");
        assertThat(stored.dueAt()).isEqualTo(current.dueAt());
        assertThat(stored.lastError()).isNull();
        assertThat(queue().complete(current)).isTrue();
        assertThat(queue().find(TENANT_A, ARCHIVE, "sess-1")).isEmpty();
    }

    @Test
    void staleClaim_afterReclaimBySameOwner_isFencedByTheAttempt() {
        enqueue("sess-1");
        Job first = claimOne(queue(), "node-a");
        clock.advance(LEASE);
        Job second = claimOne(queue(), "node-a");
        assertThat(queue().complete(first)).isFalse();
        assertThat(queue().renew(second, LEASE)).isTrue();
    }

    @Test
    void expiredClaim_notYetReclaimed_canStillComplete() {
        enqueue("sess-1");
        Job claimed = claimOne(queue(), "node-a");
        clock.advance(LEASE.multipliedBy(3));
        assertThat(queue().complete(claimed)).as("nobody else has run it").isTrue();
    }

    @Test
    void renew_extendsTheLeaseFromNow() {
        enqueue("sess-1");
        Job claimed = claimOne(queue(), "node-a");
        clock.advance(Duration.ofSeconds(20));
        assertThat(queue().renew(claimed, LEASE)).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(queue().claim("node-b", KINDS, 1, LEASE))
                .as("renewed lease holds")
                .isEmpty();
        assertThat(queue().find(TENANT_A, ARCHIVE, "sess-1").orElseThrow().dueAt())
                .isEqualTo(clock.instant().plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(claimOne(queue(), "node-b").attempts()).isEqualTo(2);
    }

    @Test
    void retryLater_freesTheJobUntilNotBefore_keepingAttemptsAndError() {
        enqueue("sess-1");
        Job claimed = claimOne(queue(), "node-a");
        assertThat(queue().retryLater(claimed, clock.instant().plusSeconds(5), "store unavailable"))
                .isTrue();
        Job stored = queue().find(TENANT_A, ARCHIVE, "sess-1").orElseThrow();
        assertThat(stored.owner()).isNull();
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastError()).isEqualTo("store unavailable");
        assertThat(stored.dueAt()).isEqualTo(clock.instant().plusSeconds(5));
        assertThat(queue().renew(claimed, LEASE)).as("handed back").isFalse();
        assertThat(queue().claim("node-a", KINDS, 1, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        Job again = claimOne(queue(), "node-b");
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.lastError()).isEqualTo("store unavailable");
    }

    @Test
    void retryLater_longError_isCut() {
        enqueue("sess-1");
        Job claimed = claimOne(queue(), "node-a");
        assertThat(queue().retryLater(claimed, clock.instant(), "x".repeat(5000)))
                .isTrue();
        assertThat(queue().find(TENANT_A, ARCHIVE, "sess-1").orElseThrow().lastError())
                .hasSize(JobQueue.MAX_ERROR_CHARS);
    }

    @Test
    void payload_binaryBytes_roundTripExactly() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] max = TestValues.randomBytes(3, JobQueue.MAX_PAYLOAD_BYTES);
        queue().enqueue(TENANT_A, ARCHIVE, "all", all, clock.instant());
        queue().enqueue(TENANT_A, ARCHIVE, "empty", new byte[0], clock.instant());
        queue().enqueue(TENANT_A, ARCHIVE, "max", max, clock.instant());
        all[0] = 42;
        List<Job> claimed = queue().claim("node-a", KINDS, 10, LEASE);
        assertThat(claimed).hasSize(3);
        for (Job j : claimed) {
            byte[] expected =
                    switch (j.subject()) {
                        case "all" -> {
                            byte[] b = all.clone();
                            b[0] = 0;
                            yield b;
                        }
                        case "empty" -> new byte[0];
                        default -> max;
                    };
            assertThat(j.payload()).as(j.subject()).isEqualTo(expected);
        }
    }

    @Test
    void invalidArguments_areRefused() {
        JobQueue q = queue();
        Instant now = clock.instant();
        for (String kind : List.of("", "Upper", "9starts-with-digit", "has space", "x".repeat(65))) {
            assertThatThrownBy(() -> q.enqueue(TENANT_A, kind, "s", new byte[0], now))
                    .as("kind %s", kind)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String subject : List.of("", "caf\u00e9", "tab\t", "x".repeat(257))) {
            assertThatThrownBy(() -> q.enqueue(TENANT_A, ARCHIVE, subject, new byte[0], now))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> q.enqueue(TENANT_A, ARCHIVE, "s", new byte[JobQueue.MAX_PAYLOAD_BYTES + 1], now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.claim("", KINDS, 1, LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.claim("n", Set.of(), 1, LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.claim("n", KINDS, 0, LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.claim("n", KINDS, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        Job free = enqueue("free");
        assertThatThrownBy(() -> q.complete(free)).as("not claimed").isInstanceOf(IllegalArgumentException.class);
        assertThat(q.find(TENANT_A, ARCHIVE, "free")).isPresent();
    }

    @Test
    void closedQueue_isUnavailable() {
        JobQueue q = node();
        q.close();
        q.close();
        assertThatThrownBy(() -> q.enqueue(TENANT_A, ARCHIVE, "s", new byte[0], clock.instant()))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(() -> q.claim("n", KINDS, 1, LEASE))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void otherNode_seesJobsAndClaimsOfTheFirst() {
        JobQueue a = queue();
        JobQueue b = node();
        enqueue("sess-1");
        Job claimedByB = claimOne(b, "node-b");
        assertThat(a.claim("node-a", KINDS, 1, LEASE)).isEmpty();
        assertThat(a.find(TENANT_A, ARCHIVE, "sess-1").orElseThrow().owner()).isEqualTo("node-b");
        assertThat(a.complete(claimedByB))
                .as("the claim is a token, whichever node presents it")
                .isTrue();
        assertThat(b.find(TENANT_A, ARCHIVE, "sess-1")).isEmpty();
    }

    @Test
    void manyClaimers_raceOver200Jobs_eachJobClaimedExactlyOnce() throws Exception {
        JobQueueConcurrencyChecks.claimEachExactlyOnce(queue(), sharedByNodes() ? this::node : () -> queue(), 200);
    }

    @Test
    void manyEnqueuers_ofOneSubject_allGetTheSameJob() throws Exception {
        JobQueueConcurrencyChecks.enqueueOnce(queue(), sharedByNodes() ? this::node : () -> queue());
    }
}
