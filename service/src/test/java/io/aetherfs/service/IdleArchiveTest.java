package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.jobs.JobRunnerSettings;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.secrets.SecretKeys;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.testkit.Await;
import io.aetherfs.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sessions.idle_archive_after_secs}: idle ACTIVE sessions are archived through the archive job with
 * trigger {@code idle}, on a {@link TestClock}; two nodes sweeping at once archive a session once.
 */
class IdleArchiveTest {
    private static final TenantId TENANT = TenantId.parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static final Duration IDLE = Duration.ofHours(1);
    /** Sweeps only at start (the test clock never reaches the next one), so each test sweeps when it says. */
    private static final JobRunnerSettings SETTINGS = new JobRunnerSettings(
            Duration.ofMillis(20),
            Duration.ofSeconds(30),
            4,
            Duration.ofMillis(20),
            Duration.ofMillis(100),
            Duration.ofDays(3650),
            Duration.ofMillis(200));

    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryMetaStore meta = new InMemoryMetaStore();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore(clock);
    private final InMemoryJobQueue jobs = new InMemoryJobQueue(clock);
    private final InProcessNotifier notifier = new InProcessNotifier();
    private final Caller alice = new Caller(TENANT, "alice", Scope.all(), "test", "1");
    private final Engine engineA = new Engine(meta, blobs, clock, EngineConfig.DEFAULT);
    private final Engine engineB = new Engine(meta, blobs, clock, EngineConfig.DEFAULT);
    private final Services nodeA = node(engineA);
    private final Services nodeB = node(engineB);

    private Services node(Engine engine) {
        return new Services(
                engine,
                notifier,
                jobs,
                SETTINGS,
                Limits.DEFAULT,
                Policy.DEFAULT,
                Duration.ofSeconds(30),
                BusSettings.DEFAULT,
                SecretKeys.random(),
                IDLE,
                io.aetherfs.service.sources.SourceSettings.DEFAULT);
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
        engineA.close();
        engineB.close();
        notifier.close();
    }

    private SessionId newSession() {
        return nodeA.sessions()
                .create(alice, new CreateSession(null, null, null, "t", null, null, null, null, null, null))
                .session()
                .id();
    }

    private List<Event> statusChanges(SessionId id) {
        return nodeA.events()
                .list(
                        alice,
                        id,
                        new EventQuery(null, null, java.util.Set.of(EventType.SESSION_STATUS_CHANGED), 0, null),
                        new PageRequest(1000, ""))
                .items();
    }

    private SessionStatus status(SessionId id) {
        return nodeA.sessions().get(alice, id).session().status();
    }

    @Test
    void idleSession_isArchivedWithTriggerIdle_whileABusyOneStaysActive() {
        SessionId idle = newSession();
        SessionId busy = newSession();
        clock.advance(Duration.ofMinutes(59));
        nodeA.health().report(alice, busy, null, "still here", null);
        clock.advance(Duration.ofMinutes(2));

        assertThat(nodeA.transitions().archiveIdle()).isEqualTo(1);

        Await.until(Duration.ofSeconds(10), "the archive job ran", () -> status(idle) == SessionStatus.ARCHIVED);
        assertThat(status(busy)).isEqualTo(SessionStatus.ACTIVE);
        Event first = statusChanges(idle).getFirst();
        assertThat(first.details()).containsEntry("trigger", "idle").containsEntry("to", "SESSION_STATUS_ARCHIVING");
        clock.advance(Duration.ofHours(2));
        assertThat(nodeA.transitions().archiveIdle())
                .isEqualTo(1); // the busy one, now idle too; never the archived one
    }

    @Test
    void sweepsOfTwoNodesAtOnce_archiveASessionOnce() throws Exception {
        List<SessionId> ids = List.of(newSession(), newSession(), newSession(), newSession());
        clock.advance(IDLE.plusSeconds(1));

        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(nodeA.transitions()::archiveIdle);
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(nodeB.transitions()::archiveIdle);

        assertThat(a.get() + b.get()).isEqualTo(ids.size());
        for (SessionId id : ids) {
            List<Event> toArchiving = statusChanges(id).stream()
                    .filter(e -> "SESSION_STATUS_ARCHIVING".equals(e.details().get("to")))
                    .toList();
            assertThat(toArchiving).hasSize(1);
        }
    }

    @Test
    void off_archivesNothing() {
        try (Fixture f = new Fixture()) {
            f.newSession();
            f.clock.advance(Duration.ofDays(30));
            assertThat(f.services.transitions().archiveIdle()).isZero();
        }
    }
}
