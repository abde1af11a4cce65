package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.Visibility;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusMessage;
import io.aetherfs.service.bus.BusScope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.bus.SubscribeOptions;
import io.aetherfs.service.bus.Subscription;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The message bus of spec §8.11 on one node: sequencing, retention, replay, topics, scopes, and stream ends. */
class BusTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Fixture f =
            new Fixture(BusSettings.DEFAULT.withIntervals(Duration.ofMillis(50), Duration.ofSeconds(15)));

    @AfterEach
    void close() {
        f.close();
    }

    private BusMessage publish(Caller c, SessionId id, String topic, String text) {
        return f.services.bus().publish(c, id, topic, text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private Subscription subscribe(Caller c, SessionId id, List<String> topics, int replay, Long after) {
        return f.services.bus().subscribe(c, id, new SubscribeOptions(topics, BusScope.SESSION_ONLY, replay, after));
    }

    /** Reads {@code n} messages, failing if any takes longer than {@link #WAIT}. */
    static List<BusMessage> take(Subscription s, int n) {
        List<BusMessage> out = new ArrayList<>();
        while (out.size() < n) {
            out.add(s.next(WAIT).orElseThrow(() -> new AssertionError("only " + out.size() + " of " + n + " arrived")));
        }
        return out;
    }

    static List<Long> sequences(List<BusMessage> messages) {
        return messages.stream().map(BusMessage::sequence).toList();
    }

    static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void publish_assignsGaplessSequencesFromOne_andRecordsWhoAndWhen() {
        SessionId id = f.newSession();
        BusMessage first = publish(f.alice, id, "tests:unit", "one");
        publish(f.bob, id, "tests:unit", "two");
        BusMessage third = publish(f.alice, id, "build", "three");
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(third.sequence()).isEqualTo(3);
        assertThat(first.publisher()).isEqualTo("alice");
        assertThat(first.contentType()).isEqualTo("text/plain");
        assertThat(first.publishedAt()).isNotNull();
        SessionId other = f.newSession();
        assertThat(publish(f.alice, other, "t", "x").sequence()).isEqualTo(1);

        List<BusMessage> replayed = take(subscribe(f.alice, id, List.of(), 0, 0L), 3);
        assertThat(sequences(replayed)).containsExactly(1L, 2L, 3L);
        assertThat(replayed.get(1).publisher()).isEqualTo("bob");
        assertThat(new String(replayed.get(2).payload(), StandardCharsets.UTF_8))
                .isEqualTo("three");
        assertThat(replayed.get(2).topic()).isEqualTo("build");
    }

    @Test
    void retention_the1001stMessageEvictsTheFirst() {
        SessionId id = f.newSession();
        for (int i = 1; i <= 1001; i++) {
            publish(f.alice, id, "t", "m" + i);
        }
        var rows = f.meta.read(tx -> tx.scan(Fixture.TENANT, KeyRange.prefix("b/" + id.value() + "/"), 2000));
        assertThat(rows).hasSize(1000);
        assertThat(rows.getFirst().key()).isEqualTo("b/" + id.value() + "/" + RecordType.ordered(2));

        try (Subscription s = subscribe(f.alice, id, List.of(), 0, 0L)) {
            assertThat(sequences(take(s, 1000))).isEqualTo(range(2, 1001));
            assertThat(s.next(Duration.ofMillis(100))).isEmpty();
        }
    }

    @Test
    void replay_afterSequenceWins_elseTheLastReplayLimit_thenLiveFollows() {
        SessionId id = f.newSession();
        for (int i = 1; i <= 10; i++) {
            publish(f.alice, id, "t", "m" + i);
        }
        try (Subscription after = subscribe(f.alice, id, List.of(), 2, 7L);
                Subscription last = subscribe(f.alice, id, List.of(), 3, null);
                Subscription none = subscribe(f.alice, id, List.of(), 0, null);
                Subscription beyond = subscribe(f.alice, id, List.of(), 0, 12L)) {
            publish(f.alice, id, "t", "m11");
            publish(f.alice, id, "t", "m12");
            publish(f.alice, id, "t", "m13");
            assertThat(sequences(take(after, 6))).containsExactly(8L, 9L, 10L, 11L, 12L, 13L);
            assertThat(sequences(take(last, 6))).containsExactly(8L, 9L, 10L, 11L, 12L, 13L);
            assertThat(sequences(take(none, 3))).containsExactly(11L, 12L, 13L);
            assertThat(sequences(take(beyond, 1))).containsExactly(13L);
        }
    }

    @Test
    void replayLimit_isClampedTo1000() {
        Fixture big = new Fixture(BusSettings.DEFAULT.withLimits(256 * 1024, 1500));
        try (big) {
            SessionId id = big.newSession();
            for (int i = 1; i <= 1200; i++) {
                big.services.bus().publish(big.alice, id, "t", new byte[] {1}, null);
            }
            try (Subscription s =
                    big.services.bus().subscribe(big.alice, id, new SubscribeOptions(List.of(), null, 5000, null))) {
                assertThat(sequences(take(s, 1000))).isEqualTo(range(201, 1200));
                assertThat(s.next(Duration.ofMillis(100))).isEmpty();
            }
        }
    }

    @Test
    void topics_exactPrefixAndWildcardPatterns() {
        SessionId id = f.newSession();
        try (Subscription tests = subscribe(f.alice, id, List.of("tests:*"), 0, null);
                Subscription build = subscribe(f.alice, id, List.of("build"), 0, null);
                Subscription star = subscribe(f.alice, id, List.of("*"), 0, null);
                Subscription all = subscribe(f.alice, id, List.of(), 0, null);
                Subscription two = subscribe(f.alice, id, List.of("logs/*", "build"), 0, null)) {
            for (String t : List.of("tests:unit", "build", "tests:e2e", "buildx", "logs/app", "tests")) {
                publish(f.alice, id, t, t);
            }
            assertThat(take(tests, 2)).extracting(BusMessage::topic).containsExactly("tests:unit", "tests:e2e");
            assertThat(take(build, 1)).extracting(BusMessage::topic).containsExactly("build");
            assertThat(take(star, 6)).extracting(BusMessage::topic).hasSize(6);
            assertThat(take(all, 6)).extracting(BusMessage::sequence).isEqualTo(range(1, 6));
            assertThat(take(two, 2)).extracting(BusMessage::topic).containsExactly("build", "logs/app");
            for (Subscription s : List.of(tests, build, two)) {
                assertThat(s.next(Duration.ofMillis(100))).isEmpty();
            }
        }
    }

    @Test
    void replay_appliesTheTopicFilterToo() {
        SessionId id = f.newSession();
        publish(f.alice, id, "a", "1");
        publish(f.alice, id, "b", "2");
        publish(f.alice, id, "a", "3");
        try (Subscription s = subscribe(f.alice, id, List.of("a"), 3, null)) {
            assertThat(sequences(take(s, 2))).containsExactly(1L, 3L);
        }
    }

    @Test
    void tenantScope_addsLiveMessagesOfReadableSessions_only() {
        Caller dave = new Caller(Fixture.TENANT, "dave", Set.of(Scope.SESSION_READ, Scope.SESSION_WRITE), "t", "1");
        SessionId mine = f.newSession();
        SessionId shared = f.newSession();
        SessionId secret = f.services
                .sessions()
                .create(
                        f.bob,
                        new CreateSession(null, null, null, "p", null, null, Visibility.PRIVATE, null, null, null))
                .session()
                .id();
        SessionId elsewhere = f.services
                .sessions()
                .create(f.mallory, new CreateSession(null, null, null, "m", null, null, null, null, null, null))
                .session()
                .id();
        publish(f.alice, shared, "t", "before"); // not live: tenant scope replays only the own session
        try (Subscription s =
                f.services.bus().subscribe(dave, mine, new SubscribeOptions(List.of(), BusScope.TENANT, 0, null))) {
            publish(f.bob, secret, "t", "private");
            publish(f.mallory, elsewhere, "t", "other tenant");
            publish(f.alice, shared, "t", "shared");
            publish(f.alice, mine, "t", "own");
            SessionId fresh = f.newSession();
            publish(f.alice, fresh, "t", "new session");
            List<BusMessage> got = take(s, 3);
            assertThat(got)
                    .extracting(m -> new String(m.payload(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("shared", "own", "new session");
            assertThat(s.next(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void slowSubscriber_isClosedWithResourceExhausted_withoutHoldingUpOthers() throws Exception {
        SessionId id = f.newSession();
        Subscription slow = subscribe(f.alice, id, List.of(), 0, null);
        Subscription reader = subscribe(f.alice, id, List.of(), 0, null);
        publish(f.alice, id, "t", "m1");
        List<BusMessage> read = new ArrayList<>(take(reader, 1)); // the reader is never more than 1000 behind
        Thread t = Thread.ofVirtual().start(() -> read.addAll(take(reader, 1000)));
        for (int i = 2; i <= 1001; i++) {
            publish(f.alice, id, "t", "m" + i);
        }
        t.join(WAIT);
        assertThat(sequences(read)).isEqualTo(range(1, 1001));
        // the hub offered each message to the slow subscriber first: the 1001st did not fit
        AfsException e = code(ErrorCode.RESOURCE_EXHAUSTED, () -> slow.next(Duration.ZERO));
        assertThat(e.getMessage()).contains("afterSequence=0");
        reader.close();
    }

    @Test
    void archive_endsStreamsAfterTheirQueuedMessages_andRefusesNewSubscribers() {
        SessionId id = f.newSession();
        Subscription s = subscribe(f.alice, id, List.of(), 0, null);
        publish(f.alice, id, "t", "1");
        publish(f.alice, id, "t", "2");
        f.services.transitions().archive(f.alice, id);
        assertThat(sequences(take(s, 2))).containsExactly(1L, 2L);
        AfsException e = reason(Reason.SESSION_NOT_ACTIVE, () -> s.next(WAIT));
        assertThat(e.metadata().get("status")).startsWith("SESSION_STATUS_ARCHIV");
        reason(Reason.SESSION_NOT_ACTIVE, () -> subscribe(f.alice, id, List.of(), 0, null));
        reason(Reason.SESSION_NOT_ACTIVE, () -> publish(f.alice, id, "t", "late"));
        awaitSubscribers(0);
    }

    @Test
    void delete_endsStreamsWithNotFound_andRemovesTheBusRows() {
        SessionId id = f.newSession();
        publish(f.alice, id, "t", "1");
        Subscription s = subscribe(f.alice, id, List.of(), 0, null);
        f.services.sessions().delete(f.alice, id);
        code(ErrorCode.NOT_FOUND, () -> s.next(WAIT));
        var left = f.meta.read(tx -> List.of(
                tx.scan(Fixture.TENANT, KeyRange.prefix("b/" + id.value() + "/"), 10),
                tx.get(Fixture.TENANT, "bh/" + id.value()).stream().toList()));
        assertThat(left).allSatisfy(l -> assertThat(l).isEmpty());
        code(ErrorCode.NOT_FOUND, () -> publish(f.alice, id, "t", "gone"));
        awaitSubscribers(0);
    }

    @Test
    void statusesThatTakeMetadataWrites_allowPublish() {
        SessionId id = f.newSession();
        f.services.transitions().submitForReview(f.alice, id, null);
        assertThat(f.engine.snapshot(Fixture.TENANT, id).session().status()).isEqualTo(SessionStatus.PENDING_REVIEW);
        assertThat(publish(f.alice, id, "t", "under review").sequence()).isEqualTo(1);
    }

    @Test
    void badInput_andAccess_areRefusedInTheSpecOrder() {
        SessionId id = f.newSession();
        for (String topic : List.of("", "has space", "x".repeat(257), "a*", "ümlaut")) {
            code(ErrorCode.INVALID_ARGUMENT, () -> publish(f.alice, id, topic, "x"));
        }
        assertThat(publish(f.alice, id, "A-z_0.9:/-" + "x".repeat(246), "x").sequence())
                .isEqualTo(1);
        for (String pattern : List.of("", "a*b", "**", "tests:**", " ")) {
            code(ErrorCode.INVALID_ARGUMENT, () -> subscribe(f.alice, id, List.of(pattern), 0, null));
        }
        code(ErrorCode.INVALID_ARGUMENT, () -> subscribe(f.alice, id, List.of(), -1, null));
        code(ErrorCode.INVALID_ARGUMENT, () -> subscribe(f.alice, id, List.of(), 0, -1L));
        code(
                ErrorCode.INVALID_ARGUMENT,
                () -> f.services.bus().publish(f.alice, id, "t", new byte[0], "x".repeat(129)));
        AfsException big = reason(
                Reason.PAYLOAD_TOO_LARGE,
                () -> f.services.bus().publish(f.alice, id, "t", new byte[256 * 1024 + 1], null));
        assertThat(big.metadata()).containsEntry("limit", "262144");
        assertThat(f.services
                        .bus()
                        .publish(f.alice, id, "t", new byte[256 * 1024], null)
                        .payload())
                .hasSize(256 * 1024);

        code(ErrorCode.NOT_FOUND, () -> publish(f.mallory, id, "t", "x"));
        code(ErrorCode.NOT_FOUND, () -> subscribe(f.mallory, id, List.of(), 0, null));
        Caller reader = new Caller(Fixture.TENANT, "reader", Set.of(Scope.SESSION_READ), "t", "1");
        code(ErrorCode.PERMISSION_DENIED, () -> publish(reader, id, "t", "x"));
        Caller writer = new Caller(Fixture.TENANT, "writer", Set.of(Scope.SESSION_WRITE), "t", "1");
        code(ErrorCode.PERMISSION_DENIED, () -> subscribe(writer, id, List.of(), 0, null));

        SessionId hidden = f.services
                .sessions()
                .create(
                        f.bob,
                        new CreateSession(null, null, null, "p", null, null, Visibility.PRIVATE, null, null, null))
                .session()
                .id();
        Caller carol = new Caller(Fixture.TENANT, "carol", Set.of(Scope.SESSION_READ, Scope.SESSION_WRITE), "t", "1");
        code(ErrorCode.NOT_FOUND, () -> publish(carol, hidden, "t", "x"));
        code(ErrorCode.NOT_FOUND, () -> subscribe(carol, hidden, List.of(), 0, null));
    }

    @Test
    void shutdown_endsStreamsWithUnavailable_andClosingLeavesTheHub() {
        SessionId id = f.newSession();
        Subscription closed = subscribe(f.alice, id, List.of(), 0, null);
        Subscription open = subscribe(f.alice, id, List.of(), 0, null);
        awaitSubscribers(2);
        closed.close();
        awaitSubscribers(1);
        code(ErrorCode.CANCELLED, () -> closed.next(Duration.ZERO));
        f.services.bus().shutdown();
        code(ErrorCode.UNAVAILABLE, () -> open.next(WAIT));
        code(ErrorCode.UNAVAILABLE, () -> subscribe(f.alice, id, List.of(), 0, null));
        assertThat(f.services.bus().subscriberCount()).isZero();
    }

    private void awaitSubscribers(int n) {
        Await.until(WAIT, n + " subscribers", () -> f.services.bus().subscriberCount() == n, () -> f.services
                .bus()
                .subscriberCount());
    }
}
