package io.aetherfs.service.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.service.session.SessionService;
import io.aetherfs.testkit.Await;
import io.aetherfs.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live fan-out of one node, driven directly: messages are appended to the {@link BusLog} and
 * announced (or not) on the notifier as {@link MessageBus#publish} does, and {@link Subscription}s join
 * the {@link BusHub} as {@link MessageBus#subscribe} makes them.
 */
class BusHubTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TenantId TENANT = TenantId.parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static final int MAX_LAG = 5;

    private final Caller alice = new Caller(TENANT, "alice", Scope.all(), "test", "1");
    private final InMemoryMetaStore meta = new InMemoryMetaStore();
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final Engine engine = new Engine(meta, new InMemoryBlobStore(), clock, EngineConfig.DEFAULT);
    private final SessionService sessions = new SessionService(engine, Limits.DEFAULT, Policy.DEFAULT);
    private final InProcessNotifier notifier = new InProcessNotifier();
    /** Polls rarely, so a test that needs the periodic pass says so by building its own hub. */
    private final BusSettings settings = BusSettings.DEFAULT
            .withLag(MAX_LAG, BusSettings.DEFAULT.maxLagBytes())
            .withIntervals(Duration.ofHours(1), Duration.ofSeconds(15));

    private final BusLog log = new BusLog(engine::records, 1000);
    private final BusMeters meters = new BusMeters();
    private BusHub hub = new BusHub(log, notifier, engine.events(), settings);
    private final SessionId id = newSession();

    @AfterEach
    void close() {
        hub.close();
        engine.close();
        notifier.close();
    }

    @Test
    void publish_fansOutToEverySubscriberOfTheSession_inSequenceOrder() {
        List<Subscription> subs = List.of(join(id, List.of()), join(id, List.of()), join(id, List.of()));
        assertThat(hub.subscriberCount()).isEqualTo(3);
        for (int i = 1; i <= 4; i++) {
            publish(id, "t", "m" + i);
        }
        for (Subscription s : subs) {
            assertThat(take(s, 4)).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void publish_topicFilterAndOtherSessions_deliverOnlyWhatMatches() {
        SessionId other = newSession();
        Subscription builds = join(id, List.of("build.*"));
        Subscription all = join(id, List.of());
        publish(id, "chat", "hello");
        publish(other, "build.done", "elsewhere");
        publish(id, "build.done", "ok");
        assertThat(builds.next(WAIT).orElseThrow().topic()).isEqualTo("build.done");
        assertThat(take(all, 2)).containsExactly(1L, 2L);
        assertThat(builds.next(Duration.ZERO)).isEmpty();
        assertThat(all.next(Duration.ZERO)).as("another session's message").isEmpty();
    }

    @Test
    void lostAndStaleNotices_thePeriodicPassDeliversEachMessageOnceInOrder() {
        pollEvery(Duration.ofMillis(10));
        Subscription s = join(id, List.of());
        for (int i = 1; i <= 3; i++) {
            log.append(alice, id, "t", bytes("m" + i), "", clock.instant()); // no notice at all
        }
        assertThat(take(s, 3)).containsExactly(1L, 2L, 3L);
        notifier.publish(new Notifier.Notice(TENANT, BusHub.STREAM_PREFIX + id.value(), 2)); // stale
        publish(id, "t", "m4");
        assertThat(take(s, 1)).containsExactly(4L);
    }

    @Test
    void slowSubscriber_isEndedAtTheLagBound_withoutHoldingUpTheOthers() {
        Subscription fast = join(id, List.of());
        Subscription slow = join(id, List.of());
        for (int i = 1; i <= MAX_LAG + 3; i++) {
            publish(id, "t", "m" + i);
            assertThat(take(fast, 1)).containsExactly((long) i);
        }
        Await.until(WAIT, "the slow subscriber leaves the hub", () -> hub.subscriberCount() == 1);
        assertThatThrownBy(() -> slow.next(WAIT)).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.reason())
                .isEqualTo(Reason.SLOW_SUBSCRIBER));
        assertThat(meters.slowSubscribers.get()).isEqualTo(1);
    }

    @Test
    void sessionDeleted_theNextPassEndsItsSubscribersWithNotFound() {
        pollEvery(Duration.ofMillis(10)); // a deletion sends no notice: the periodic pass finds it
        Subscription s = join(id, List.of());
        publish(id, "t", "before");
        assertThat(take(s, 1)).containsExactly(1L);
        sessions.delete(alice, id);
        assertThatThrownBy(() -> s.next(WAIT)).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.NOT_FOUND));
        Await.until(WAIT, "the subscriber leaves the hub", () -> hub.subscriberCount() == 0);
    }

    @Test
    void join_invisibleOrMissingSession_failsNotFoundAndRegistersNothing() {
        Caller mallory =
                new Caller(TenantId.parse("bbbbbbbb-0000-0000-0000-000000000002"), "mallory", Scope.all(), "test", "1");
        assertThatThrownBy(() -> hub.join(subscription(mallory, id, List.of())))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> join(SessionId.generate(engine.ids()), List.of()))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void leaveAndStop_unregisterAndRefuse() {
        Subscription a = join(id, List.of());
        Subscription b = join(id, List.of());
        hub.leave(a);
        Await.until(WAIT, "one subscriber left", () -> hub.subscriberCount() == 1);
        hub.stop();
        assertThat(hub.subscriberCount()).isZero();
        assertThatThrownBy(() -> b.next(WAIT)).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(() -> join(id, List.of()))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    /** Replaces the hub by one whose periodic pass runs every {@code interval}. */
    private void pollEvery(Duration interval) {
        hub.close();
        hub = new BusHub(log, notifier, engine.events(), settings.withIntervals(interval, WAIT));
    }

    private SessionId newSession() {
        return sessions.create(alice, new CreateSession(null, null, null, "t", null, null, null, null, null, null))
                .session()
                .id();
    }

    private Subscription subscription(Caller caller, SessionId session, List<String> topics) {
        return new Subscription(
                caller, session, TopicFilter.parse(topics), BusScope.SESSION_ONLY, log, settings, meters, hub::leave);
    }

    /** Joins a new live-only subscription (no replay), as {@link MessageBus#subscribe} does. */
    private Subscription join(SessionId session, List<String> topics) {
        Subscription s = subscription(alice, session, topics);
        long start = hub.join(s);
        s.replay(start, start);
        return s;
    }

    private void publish(SessionId session, String topic, String text) {
        BusMessage m = log.append(alice, session, topic, bytes(text), "", clock.instant());
        notifier.publish(new Notifier.Notice(TENANT, BusHub.STREAM_PREFIX + session.value(), m.sequence()));
    }

    /** Returns the sequences of the next {@code n} messages, failing if one does not come in time. */
    private static List<Long> take(Subscription s, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.next(WAIT)
                    .orElseThrow(() -> new AssertionError("no message within " + WAIT))
                    .sequence());
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
