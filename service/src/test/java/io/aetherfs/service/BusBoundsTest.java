package io.aetherfs.service;

import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.bus.BusMessage;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.bus.MessageBus;
import io.aetherfs.service.bus.SubscribeOptions;
import io.aetherfs.service.bus.Subscription;
import io.aetherfs.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slow-subscriber bound of spec §8.11 on one node: what a subscription holds (replay page, live
 * queue, frames its transport has not had taken) never passes the bound in bytes, and a subscriber past
 * it is ended at once with SLOW_SUBSCRIBER, its queue dropped and its transport told to stop waiting.
 */
class BusBoundsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PAYLOAD = 100 * 1024;
    private static final long BOUND = 2L << 20;

    private final Fixture f = new Fixture(
            BusSettings.DEFAULT.withLag(1000, BOUND).withIntervals(Duration.ofMillis(50), Duration.ofSeconds(15)));
    private final MessageBus bus = f.services.bus();

    @AfterEach
    void close() {
        f.close();
    }

    private BusMessage publish(SessionId id) {
        return bus.publish(f.alice, id, "t", new byte[PAYLOAD], null);
    }

    private Subscription subscribe(SessionId id, Long after) {
        return bus.subscribe(f.alice, id, new SubscribeOptions(List.of(), null, 0, after));
    }

    @Test
    void pastTheByteBound_theSubscriberEndsAtOnce_itsQueueDropped_andTheErrorSaysWhereToResume() {
        SessionId id = f.newSession();
        Subscription slow = subscribe(id, null);
        CompletableFuture<Void> stopped = slow.whenStopped();
        for (int i = 0; i < 40; i++) { // 4 MB: twice the bound
            publish(id);
        }
        Await.until(WAIT, "the subscriber to be ended as slow", () -> bus.slowSubscriberCount() == 1);
        assertThat(stopped).isDone();
        assertThat(bus.peakHeldBytes()).isLessThanOrEqualTo(BOUND).isGreaterThan(BOUND - PAYLOAD - 1024);
        assertThat(slow.heldBytes()).isZero();
        assertThat(bus.heldBytes()).isZero();
        Await.until(WAIT, "the hub to let it go", () -> bus.subscriberCount() == 0);

        AfsException e = reason(Reason.SLOW_SUBSCRIBER, () -> slow.next(Duration.ZERO));
        assertThat(e.metadata())
                .containsEntry("afterSequence", "0")
                .containsEntry("maxLagMessages", "1000")
                .containsEntry("maxLagBytes", Long.toString(BOUND));
        assertThat(e.getMessage()).contains("more than " + BOUND + " bytes").contains("afterSequence=0");
    }

    @Test
    void transportFrames_countUntilTheConnectionTookALaterOne() {
        SessionId id = f.newSession();
        try (Subscription s = subscribe(id, null)) {
            publish(id);
            publish(id);
            Await.until(WAIT, "both messages queued", () -> s.heldMessages() == 2);
            long queued = s.heldBytes();

            s.next(WAIT).orElseThrow();
            assertThat(s.sending(150_000)).isTrue();
            assertThat(s.heldBytes()).isEqualTo(queued / 2 + 150_000);
            s.taken(); // the connection has it, perhaps still in its buffer: still counted
            assertThat(s.heldBytes()).isEqualTo(queued / 2 + 150_000);

            s.next(WAIT).orElseThrow();
            assertThat(s.sending(140_000)).isTrue();
            assertThat(s.heldBytes()).isEqualTo(290_000);
            s.taken(); // the connection took the second frame, so the first has left the server
            assertThat(s.heldBytes()).isEqualTo(140_000);
            assertThat(s.heldMessages()).isEqualTo(1);
            assertThat(bus.heldBytes()).isEqualTo(140_000);
        }
        assertThat(bus.heldBytes()).isZero();
    }

    @Test
    void aFrameThatWouldPassTheBound_isNotSent_andTheResumePointStaysBeforeIt() {
        SessionId id = f.newSession();
        Subscription s = subscribe(id, null);
        publish(id);
        publish(id);
        assertThat(s.next(WAIT).orElseThrow().sequence()).isEqualTo(1);
        assertThat(s.sending(PAYLOAD)).isTrue();
        assertThat(s.next(WAIT).orElseThrow().sequence()).isEqualTo(2);

        assertThat(s.sending(BOUND)).isFalse();
        assertThat(s.whenStopped()).isDone();
        AfsException e = reason(Reason.SLOW_SUBSCRIBER, () -> s.next(Duration.ZERO));
        assertThat(e.metadata()).containsEntry("afterSequence", "1"); // message 2 never went out
        s.close();
        assertThat(bus.heldBytes()).isZero();
    }

    @Test
    void replay_readsPagesOfAQuarterOfTheBound_andCountsThem() {
        SessionId id = f.newSession();
        for (int i = 0; i < 30; i++) {
            publish(id);
        }
        try (Subscription s = subscribe(id, 0L)) {
            for (long seq = 1; seq <= 30; seq++) {
                assertThat(s.next(WAIT).orElseThrow().sequence()).isEqualTo(seq);
                assertThat(s.heldBytes()).isLessThanOrEqualTo(BOUND / 4);
            }
            assertThat(bus.peakHeldBytes()).isGreaterThan(PAYLOAD).isLessThanOrEqualTo(BOUND / 4);
        }
    }

    @Test
    void anArchive_stopsTheTransportOnlyAfterTheQueuedMessages() {
        SessionId id = f.newSession();
        Subscription s = subscribe(id, null);
        publish(id);
        Await.until(WAIT, "the message queued", () -> s.heldMessages() == 1);
        f.services.transitions().archive(f.alice, id);
        Await.until(WAIT, "the hub to let it go", () -> bus.subscriberCount() == 0);
        CompletableFuture<Void> stopped = s.whenStopped();
        assertThat(stopped).isNotDone();
        assertThat(s.next(WAIT).orElseThrow().sequence()).isEqualTo(1);
        assertThat(stopped).isDone();
        reason(Reason.SESSION_NOT_ACTIVE, () -> s.next(Duration.ZERO));
        s.close();
    }
}
