package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.errorInfo;
import static io.aetherfs.server.grpc.GrpcTestCalls.newSession;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.proto.v1.BusMessage;
import io.aetherfs.proto.v1.MessageBusServiceGrpc;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.bus.MessageBus;
import io.aetherfs.testkit.Await;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The slow-subscriber bound of spec §8.11 over a real gRPC connection: a Subscribe call whose client
 * stops asking for messages (manual flow control, a small HTTP/2 window) while 1,500 messages are
 * published. The server ends the call with RESOURCE_EXHAUSTED {@code SLOW_SUBSCRIBER} as soon as more than
 * the bound waits for it, holding no more than the bound until then and only the messages already in the
 * call after; when the client asks for more it gets those and then the status with its ErrorInfo; and
 * subscribing again after the last sequence it saw replays every retained message it missed.
 */
class BusSlowSubscriberGrpcIT {
    private static final int PUBLISHED = 1500;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The client's HTTP/2 flow-control window: what it buffers without asking for messages. */
    private static final int CLIENT_WINDOW = 64 * 1024;

    /** A message size, with the bound the paused reader meets first. */
    enum Case {
        MESSAGE_BOUND(16 * 1024, BusSettings.DEFAULT.withLag(1000, 64L << 20)),
        BYTE_BOUND(256 * 1024, BusSettings.DEFAULT);

        final int payload;
        final BusSettings bus;

        Case(int payload, BusSettings bus) {
            this.payload = payload;
            this.bus = bus.withIntervals(Duration.ofMillis(50), Duration.ofSeconds(15));
        }

        /** The largest gRPC frame of one message: the payload, the other fields, the 5-byte prefix. */
        long maxFrame() {
            return payload + 1024;
        }
    }

    /** A Subscribe call that asks for one message, then for no more until {@link #resume}; it collects what arrives. */
    private static final class PausedCall implements ClientResponseObserver<SubscribeRequest, BusMessage> {
        final List<BusMessage> messages = new ArrayList<>();
        final CompletableFuture<Throwable> end = new CompletableFuture<>();
        ClientCallStreamObserver<SubscribeRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> call) {
            this.call = call;
            call.disableAutoRequestWithInitial(1);
        }

        @Override
        public synchronized void onNext(BusMessage m) {
            messages.add(m);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(t);
        }

        @Override
        public void onCompleted() {
            end.complete(null);
        }

        /** Asks for every message and returns how the call ended. */
        Throwable resume() throws Exception {
            call.request(Integer.MAX_VALUE);
            return end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        synchronized List<Long> sequences() {
            return messages.stream().map(BusMessage::getSequence).toList();
        }
    }

    @ParameterizedTest
    @EnumSource
    void pausedReader_isEndedPastTheBound_holdingNoMore_andGetsTheStatusWhenItResumes(Case c) throws Exception {
        try (GrpcTestServer server = new GrpcTestServer(c.bus)) {
            MessageBus bus = server.services.bus();
            GrpcTestServer.Stubs alice = server.as("alice");
            String id = newSession(alice);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .usePlaintext()
                    .flowControlWindow(CLIENT_WINDOW)
                    .maxInboundMessageSize(GrpcApi.MAX_MESSAGE_BYTES)
                    .build();
            try {
                PausedCall paused = new PausedCall();
                alice.auth(MessageBusServiceGrpc.newStub(channel))
                        .withDeadline(null)
                        .subscribe(
                                SubscribeRequest.newBuilder().setSessionId(id).build(), paused);
                Await.until(WAIT, "the subscription", () -> bus.subscriberCount() == 1);

                Caller caller = new Caller(TenantId.parse(GrpcTestServer.TENANT), "alice", Scope.all(), "t", "1");
                SessionId session = new SessionId(id);
                // the client reads the first message and then stops asking for more
                bus.publish(caller, session, "t", new byte[c.payload], null);
                Await.until(
                        WAIT,
                        "the client to read the first message",
                        () -> paused.sequences().size() == 1);
                for (int i = 2; i <= PUBLISHED; i++) {
                    bus.publish(caller, session, "t", new byte[c.payload], null);
                }
                Await.until(
                        WAIT,
                        "the server to end the paused subscriber as slow",
                        () -> bus.slowSubscriberCount() == 1 && bus.subscriberCount() == 0,
                        bus::heldBytes);
                assertThat(bus.peakHeldBytes()).isLessThanOrEqualTo(c.bus.maxLagBytes());
                assertThat(bus.heldBytes()).isLessThanOrEqualTo(2 * c.maxFrame());

                Throwable end = paused.resume();
                assertThat(end).isInstanceOf(StatusRuntimeException.class);
                StatusRuntimeException e = (StatusRuntimeException) end;
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                ErrorInfo info = errorInfo(e);
                assertThat(info.getReason()).isEqualTo("SLOW_SUBSCRIBER");
                long lastSeen = paused.sequences().size();
                assertThat(paused.sequences()).isEqualTo(range(1, lastSeen));
                assertThat(lastSeen).isBetween(1L, (long) c.bus.maxLagMessages());
                assertThat(lastSeen * c.payload).isLessThanOrEqualTo(c.bus.maxLagBytes());
                assertThat(info.getMetadataMap()).containsEntry("afterSequence", Long.toString(lastSeen));
                Await.until(WAIT, "the finished call to release its frames", () -> bus.heldBytes() == 0);

                List<Long> expected =
                        range(Math.max(lastSeen + 1, PUBLISHED - c.bus.retentionMessages() + 1), PUBLISHED);
                PausedCall resumed = new PausedCall(); // asks for all of them at once below
                alice.auth(MessageBusServiceGrpc.newStub(channel))
                        .withDeadline(null)
                        .subscribe(
                                SubscribeRequest.newBuilder()
                                        .setSessionId(id)
                                        .setAfterSequence(lastSeen)
                                        .build(),
                                resumed);
                resumed.call.request(Integer.MAX_VALUE);
                Await.until(
                        WAIT,
                        "the replay of every retained message it missed",
                        () -> resumed.sequences().size() >= expected.size(),
                        () -> resumed.sequences().size());
                assertThat(resumed.sequences()).isEqualTo(expected);
                resumed.call.cancel("done", null);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
