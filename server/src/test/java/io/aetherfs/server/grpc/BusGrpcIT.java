package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static io.aetherfs.server.grpc.GrpcTestCalls.errorInfo;
import static io.aetherfs.server.grpc.GrpcTestCalls.newSession;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.proto.v1.BusMessage;
import io.aetherfs.proto.v1.BusScope;
import io.aetherfs.proto.v1.PublishRequest;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.testkit.Await;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MessageBusService over a real gRPC connection: Publish, and Subscribe with replay, live messages and its ends. */
class BusGrpcIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final GrpcServerExtension grpc = GrpcServerExtension.perTest(GrpcTestServer::new);

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.as("alice");

    private BusMessage publish(String session, String topic, String text) {
        return alice.bus.publish(PublishRequest.newBuilder()
                .setSessionId(session)
                .setTopic(topic)
                .setPayload(ByteString.copyFromUtf8(text))
                .setContentType("text/plain")
                .build());
    }

    /** A Subscribe call whose messages and end are queued as they arrive. */
    private static final class Stream implements ClientResponseObserver<SubscribeRequest, BusMessage> {
        final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
        ClientCallStreamObserver<SubscribeRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> call) {
            this.call = call;
        }

        @Override
        public void onNext(BusMessage m) {
            items.add(m);
        }

        @Override
        public void onError(Throwable t) {
            items.add(t);
        }

        @Override
        public void onCompleted() {
            items.add("completed");
        }

        BusMessage message() {
            Object o = take();
            if (o instanceof BusMessage m) {
                return m;
            }
            throw new AssertionError("expected a message, got " + o);
        }

        StatusRuntimeException end() {
            Object o = take();
            if (o instanceof StatusRuntimeException e) {
                return e;
            }
            throw new AssertionError("expected the stream to fail, got " + o);
        }

        private Object take() {
            try {
                Object o = items.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (o == null) {
                    throw new AssertionError("nothing arrived within " + WAIT);
                }
                return o;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Stream subscribe(SubscribeRequest req) {
        Stream s = new Stream();
        alice.busAsync.withDeadline(null).subscribe(req, s);
        return s;
    }

    private static SubscribeRequest.Builder request(String session) {
        return SubscribeRequest.newBuilder().setSessionId(session);
    }

    @Test
    void subscribe_replaysAfterASequence_thenStreamsLiveMessagesInOrder() {
        String id = newSession(alice);
        publish(id, "tests:unit", "one");
        BusMessage two = publish(id, "tests:unit", "two");
        assertThat(two.getSequence()).isEqualTo(2);
        assertThat(two.getPublisher()).isEqualTo("alice");
        assertThat(two.hasPublishedAt()).isTrue();
        Stream s =
                subscribe(request(id).setAfterSequence(1).addTopics("tests:*").build());
        assertThat(s.message().getPayload().toStringUtf8()).isEqualTo("two");
        publish(id, "build", "skipped by the pattern");
        publish(id, "tests:e2e", "four");
        BusMessage four = s.message();
        assertThat(four.getSequence()).isEqualTo(4);
        assertThat(four.getTopic()).isEqualTo("tests:e2e");
        assertThat(four.getContentType()).isEqualTo("text/plain");
        assertThat(four.getSessionId()).isEqualTo(id);
        s.call.cancel("done", null);
    }

    @Test
    void tenantScope_deliversOtherSessionsLiveMessages() {
        String own = newSession(alice);
        String other = newSession(alice);
        Stream s = subscribe(request(own).setScope(BusScope.BUS_SCOPE_TENANT).build());
        awaitSubscribers(1);
        publish(other, "t", "theirs");
        assertThat(s.message().getSessionId()).isEqualTo(other);
        s.call.cancel("done", null);
    }

    @Test
    void refusals_failTheCallBeforeAnyMessage() {
        String id = newSession(alice);
        assertThat(subscribe(request(SessionId.generate(server.engine.ids()).value())
                                .build())
                        .end()
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(subscribe(request(id).addTopics("a*b").build())
                        .end()
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(subscribe(request(id).setReplayLimit(-1).build())
                        .end()
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> alice.bus.publish(PublishRequest.newBuilder()
                        .setSessionId(id)
                        .setTopic("t")
                        .setPayload(ByteString.copyFrom(new byte[256 * 1024 + 1]))
                        .build()),
                Status.Code.RESOURCE_EXHAUSTED,
                "PAYLOAD_TOO_LARGE");
        assertFails(
                () -> server.as("reader")
                        .bus
                        .publish(PublishRequest.newBuilder()
                                .setSessionId(id)
                                .setTopic("t")
                                .build()),
                Status.Code.PERMISSION_DENIED);
        assertFails(
                () -> server.as(GrpcTestServer.OTHER_TENANT, "mallory")
                        .bus
                        .publish(PublishRequest.newBuilder()
                                .setSessionId(id)
                                .setTopic("t")
                                .build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void archive_endsTheStreamWithSessionNotActive() {
        String id = newSession(alice);
        Stream s = subscribe(request(id).build());
        awaitSubscribers(1);
        publish(id, "t", "last");
        server.services
                .transitions()
                .archive(
                        new Caller(TenantId.parse(GrpcTestServer.TENANT), "alice", Scope.all(), "t", "1"),
                        new SessionId(id));
        assertThat(s.message().getPayload().toStringUtf8()).isEqualTo("last");
        StatusRuntimeException end = s.end();
        assertThat(end.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(errorInfo(end).getReason()).isEqualTo("SESSION_NOT_ACTIVE");
    }

    @Test
    void cancelling_leavesTheHub_andShutdownEndsStreamsWithUnavailable() {
        String id = newSession(alice);
        Stream cancelled = subscribe(request(id).build());
        Stream open = subscribe(request(id).build());
        awaitSubscribers(2);
        cancelled.call.cancel("client is done", null);
        awaitSubscribers(1);
        server.services.bus().shutdown();
        assertThat(open.end().getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(server.services.bus().subscriberCount()).isZero();
    }

    private void awaitSubscribers(int n) {
        Await.until(WAIT, n + " subscribers", () -> server.services.bus().subscriberCount() == n, () -> server.services
                .bus()
                .subscriberCount());
    }
}
