package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.jobs.JobRunnerSettings;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.service.session.Transitions;
import io.aetherfs.testkit.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Archive and hydrate as durable jobs: finished by the runner, recovered by the sweep when the enqueue
 * was lost, and taken over when the node that claimed the job died.
 */
class TransitionJobsTest {
    private static final String ARCHIVE = "session.archive";
    private static final JobRunnerSettings FAST = new JobRunnerSettings(
            Duration.ofMillis(20),
            Duration.ofSeconds(5),
            4,
            Duration.ofMillis(20),
            Duration.ofMillis(100),
            Duration.ofMinutes(10), // sweeps only at start and when a test asks
            Duration.ofMillis(200));

    private final InMemoryMetaStore meta = new InMemoryMetaStore();
    private final Engine engine = new Engine(meta, new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT);
    private final InProcessNotifier notifier = new InProcessNotifier();
    private final JobQueue queue = new InMemoryJobQueue();
    /** The queue as this node's runner sees it: a test can hold its claims back (they return nothing). */
    private final HeldQueue runnerQueue = new HeldQueue(queue);

    private final Services services = new Services(
            engine,
            notifier,
            runnerQueue,
            FAST,
            Limits.DEFAULT,
            Policy.DEFAULT,
            Duration.ofSeconds(30),
            BusSettings.DEFAULT);
    private final Caller alice = new Caller(Fixture.TENANT, "alice", Scope.all(), "test", "1");

    @AfterEach
    void close() {
        services.close();
        engine.close();
        notifier.close();
    }

    @Test
    void archiveAndHydrate_finishThroughJobs_andLeaveNoMarkerOrJob() throws Exception {
        SessionId id = newSession();
        services.transitions().archive(alice, id);
        await(id, SessionStatus.ARCHIVED);
        assertThat(markers()).isEmpty();
        awaitNoJob(ARCHIVE, id);
        services.transitions().hydrate(alice, id);
        await(id, SessionStatus.ACTIVE);
        assertThat(markers()).isEmpty();
        awaitNoJob("session.hydrate", id);
    }

    @Test
    void statusChangedButEnqueueLost_theSweepFinishesTheTransition() throws Exception {
        SessionId id = newSession();
        // the node committed ARCHIVING and died before it enqueued the job
        engine.execute(Fixture.TENANT, Actor.system(), ctx -> {
            Transitions.change(ctx, id, SessionStatus.ARCHIVING, "archive", null);
            return null;
        });
        assertThat(markers()).extracting(KeyValue::key).containsExactly("pt/" + id.value());
        assertThat(queue.find(Fixture.TENANT, ARCHIVE, id.value())).isEmpty();

        services.transitions().sweep();

        await(id, SessionStatus.ARCHIVED);
        assertThat(markers()).isEmpty();
        assertThat(statusChanges(id))
                .containsExactly(
                        "SESSION_STATUS_ACTIVE>SESSION_STATUS_ARCHIVING",
                        "SESSION_STATUS_ARCHIVING>SESSION_STATUS_ARCHIVED");
    }

    @Test
    void jobClaimedByADeadNode_isFinishedOnceItsLeaseRunsOut() throws Exception {
        SessionId id = newSession();
        engine.execute(Fixture.TENANT, Actor.system(), ctx -> {
            Transitions.change(ctx, id, SessionStatus.ARCHIVING, "archive", null);
            return null;
        });
        runnerQueue.held = true; // the dead node, not this node's runner, claims first
        queue.enqueue(Fixture.TENANT, ARCHIVE, id.value(), new byte[0], Instant.now());
        // a node that claims the job and dies at once: it never renews, never completes
        List<Job> ghost = queue.claim("dead-node", Set.of(ARCHIVE), 1, Duration.ofMillis(300));
        assertThat(ghost).hasSize(1);
        assertThat(ghost.getFirst().attempts()).isEqualTo(1);
        runnerQueue.held = false;

        await(id, SessionStatus.ARCHIVED);
        assertThat(statusChanges(id))
                .containsExactly(
                        "SESSION_STATUS_ACTIVE>SESSION_STATUS_ARCHIVING",
                        "SESSION_STATUS_ARCHIVING>SESSION_STATUS_ARCHIVED");
        assertThat(queue.complete(ghost.getFirst()))
                .as("the dead node's claim is fenced")
                .isFalse();
    }

    @Test
    void deletingASessionInTransition_removesItsMarker() {
        SessionId id = newSession();
        engine.execute(Fixture.TENANT, Actor.system(), ctx -> {
            Transitions.change(ctx, id, SessionStatus.ARCHIVING, "archive", null);
            ctx.deleteSession(id);
            return null;
        });
        assertThat(markers()).isEmpty();
    }

    private SessionId newSession() {
        return services.sessions()
                .create(alice, new CreateSession(null, null, null, "t", null, null, null, null, null, null))
                .session()
                .id();
    }

    private List<KeyValue> markers() {
        return meta.read(tx -> tx.scan(Fixture.TENANT, KeyRange.prefix("pt/"), 10)); // the stored layout
    }

    private List<String> statusChanges(SessionId id) {
        return services
                .events()
                .list(
                        alice,
                        id,
                        new EventQuery(null, null, Set.of(EventType.SESSION_STATUS_CHANGED), 0, null),
                        PageRequest.FIRST)
                .items()
                .stream()
                .map(Event::details)
                .map(d -> d.get("from") + ">" + d.get("to"))
                .toList();
    }

    private void await(SessionId id, SessionStatus want) {
        Await.until(
                Duration.ofSeconds(10),
                "session status " + want,
                () -> services.sessions().get(alice, id).session().status() == want,
                () -> services.sessions().get(alice, id).session().status());
    }

    private void awaitNoJob(String kind, SessionId id) {
        Await.until(
                Duration.ofSeconds(10),
                "no " + kind + " job for " + id,
                () -> queue.find(Fixture.TENANT, kind, id.value()).isEmpty(),
                () -> queue.find(Fixture.TENANT, kind, id.value()));
    }

    /** Delegates to a queue, except that claims find nothing while {@link #held}. */
    private static final class HeldQueue implements JobQueue {
        private final JobQueue queue;
        volatile boolean held;

        HeldQueue(JobQueue queue) {
            this.queue = queue;
        }

        @Override
        public Job enqueue(TenantId tenant, String kind, String subject, byte[] payload, Instant notBefore) {
            return queue.enqueue(tenant, kind, subject, payload, notBefore);
        }

        @Override
        public List<Job> claim(String owner, Set<String> kinds, int max, Duration lease) {
            return held ? List.of() : queue.claim(owner, kinds, max, lease);
        }

        @Override
        public boolean renew(Job claimed, Duration lease) {
            return queue.renew(claimed, lease);
        }

        @Override
        public boolean complete(Job claimed) {
            return queue.complete(claimed);
        }

        @Override
        public boolean retryLater(Job claimed, Instant notBefore, String error) {
            return queue.retryLater(claimed, notBefore, error);
        }

        @Override
        public Optional<Job> find(TenantId tenant, String kind, String subject) {
            return queue.find(tenant, kind, subject);
        }

        @Override
        public void close() {
            queue.close();
        }
    }
}
