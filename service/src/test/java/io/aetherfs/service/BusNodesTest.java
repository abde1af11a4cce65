package io.aetherfs.service;

import static io.aetherfs.service.BusTest.range;
import static io.aetherfs.service.BusTest.sequences;
import static io.aetherfs.service.BusTest.take;
import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusMessage;
import io.aetherfs.service.bus.BusScope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.bus.SubscribeOptions;
import io.aetherfs.service.bus.Subscription;
import io.aetherfs.service.session.CreateSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus across server nodes: full service stacks (each with its own engine and bus hub) over one
 * shared metadata store and one notifier backend, as scale-out nodes share PostgreSQL.
 */
class BusNodesTest {
    private static final TenantId TENANT = TenantId.parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static final Caller ALICE = new Caller(TENANT, "alice", Scope.all(), "test", "1");
    private static final BusSettings FAST_POLL =
            BusSettings.DEFAULT.withIntervals(Duration.ofMillis(50), Duration.ofSeconds(15));

    private final InMemoryMetaStore meta = new InMemoryMetaStore();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InProcessNotifier notices = new InProcessNotifier();
    private final List<Node> nodes = new ArrayList<>();

    /** One server node: its engine (and session cache) and services over the shared stores. */
    private final class Node {
        final Engine engine = new Engine(meta, blobs, Clock.systemUTC(), EngineConfig.DEFAULT);
        final Services services;

        Node(Notifier notifier, BusSettings bus) {
            services = new Services(engine, notifier, Limits.DEFAULT, Policy.DEFAULT, Duration.ofSeconds(30), bus);
            nodes.add(this);
        }

        Subscription subscribe(SessionId id) {
            return services.bus().subscribe(ALICE, id, SubscribeOptions.LIVE);
        }

        BusMessage publish(SessionId id, String text) {
            return services.bus().publish(ALICE, id, "t", text.getBytes(), null);
        }
    }

    private Node node() {
        return new Node(notices, FAST_POLL);
    }

    private static SessionId newSession(Node n) {
        return n.services
                .sessions()
                .create(ALICE, new CreateSession(null, null, null, "bus", null, null, null, null, null, null))
                .session()
                .id();
    }

    @AfterEach
    void close() {
        for (Node n : nodes) {
            n.services.close();
            n.engine.close();
        }
        notices.close();
    }

    @Test
    void publishedOnA_reachesSubscribersOnBAndC_inOrder() {
        Node a = node();
        Node b = node();
        Node c = node();
        SessionId id = newSession(a);
        Subscription onB = b.subscribe(id);
        Subscription onC = c.subscribe(id);
        for (int i = 1; i <= 200; i++) {
            a.publish(id, "m" + i);
        }
        assertThat(sequences(take(onB, 200))).isEqualTo(range(1, 200));
        assertThat(sequences(take(onC, 200))).isEqualTo(range(1, 200));
    }

    @Test
    void concurrentPublishersOnTwoNodes_getGaplessSequences_seenInOrderEverywhere() throws Exception {
        Node a = node();
        Node b = node();
        Node c = node();
        SessionId id = newSession(a);
        Subscription onC = c.subscribe(id);
        List<Long> assigned = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (Node n : List.of(a, b, a, b)) {
            publishers.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < 150; i++) {
                    assigned.add(n.publish(id, "x").sequence());
                }
            }));
        }
        start.countDown();
        for (Thread t : publishers) {
            t.join();
        }
        assertThat(assigned).hasSize(600).doesNotHaveDuplicates().containsAll(range(1, 600));
        assertThat(sequences(take(onC, 600))).isEqualTo(range(1, 600));
    }

    @Test
    void lostNotices_stillDeliverEverythingInOrder_throughThePeriodicReRead() {
        Node a = node();
        Node b = new Node(new LossyNotifier(notices, 5), FAST_POLL);
        SessionId id = newSession(a);
        Subscription onB = b.subscribe(id);
        for (int i = 1; i <= 300; i++) {
            a.publish(id, "m" + i);
        }
        assertThat(sequences(take(onB, 300))).isEqualTo(range(1, 300));
        assertThat(onB.next(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void noNoticesAtAll_stillDeliver() {
        Node a = node();
        Node b = new Node(new LossyNotifier(notices, Integer.MAX_VALUE), FAST_POLL);
        SessionId id = newSession(a);
        Subscription onB = b.subscribe(id);
        a.publish(id, "1");
        a.publish(id, "2");
        assertThat(sequences(take(onB, 2))).containsExactly(1L, 2L);
    }

    @Test
    void tenantScopeSubscriberOnB_seesOtherSessionsPublishedOnA() {
        Node a = node();
        Node b = node();
        SessionId own = newSession(a);
        SessionId other = newSession(a);
        Subscription onB =
                b.services.bus().subscribe(ALICE, own, new SubscribeOptions(List.of(), BusScope.TENANT, 0, null));
        a.publish(other, "o1");
        SessionId later = newSession(a);
        a.publish(later, "l1");
        a.publish(other, "o2");
        List<BusMessage> got = take(onB, 3);
        assertThat(got.stream().filter(m -> m.sessionId().equals(other)).map(BusMessage::sequence))
                .containsExactly(1L, 2L);
        assertThat(got).anyMatch(m -> m.sessionId().equals(later));
    }

    @Test
    void archiveOrDeleteOnA_endsSubscribersOnB() {
        Node a = node();
        Node b = node();
        SessionId archived = newSession(a);
        SessionId deleted = newSession(a);
        Subscription s1 = b.subscribe(archived);
        Subscription s2 = b.subscribe(deleted);
        a.publish(archived, "last words");
        a.services.transitions().archive(ALICE, archived);
        a.services.sessions().delete(ALICE, deleted);
        assertThat(sequences(take(s1, 1))).containsExactly(1L);
        reason(Reason.SESSION_NOT_ACTIVE, () -> s1.next(Duration.ofSeconds(10)));
        code(ErrorCode.NOT_FOUND, () -> s2.next(Duration.ofSeconds(10)));
    }

    /** A notifier that delivers only every {@code keepEvery}-th notice to this node's listeners. */
    private static final class LossyNotifier implements Notifier {
        private final Notifier backend;
        private final int keepEvery;
        private final AtomicLong seen = new AtomicLong();

        LossyNotifier(Notifier backend, int keepEvery) {
            this.backend = backend;
            this.keepEvery = keepEvery;
        }

        @Override
        public void publish(Notice notice) {
            backend.publish(notice);
        }

        @Override
        public Subscription subscribe(Consumer<Notice> listener) {
            return backend.subscribe(n -> {
                if (seen.incrementAndGet() % keepEvery == 0) {
                    listener.accept(n);
                }
            });
        }

        @Override
        public void close() {}
    }
}
