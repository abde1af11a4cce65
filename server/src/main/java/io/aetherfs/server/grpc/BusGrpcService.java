package io.aetherfs.server.grpc;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.proto.v1.BusMessage;
import io.aetherfs.proto.v1.MessageBusServiceGrpc;
import io.aetherfs.proto.v1.PublishRequest;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.bus.Subscription;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;

/**
 * The gRPC MessageBusService (spec §9.4, §10): Publish, and Subscribe as a server stream that follows
 * the client's flow control and ends with the status that ended the subscription (RESOURCE_EXHAUSTED
 * {@code SLOW_SUBSCRIBER} with {@code afterSequence} for a reader that fell too far behind).
 */
public final class BusGrpcService extends MessageBusServiceGrpc.MessageBusServiceImplBase {
    private final Services services;

    public BusGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void publish(PublishRequest req, StreamObserver<BusMessage> out) {
        GrpcCalls.unary(
                out,
                () -> BusMapping.message(services.bus()
                        .publish(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                req.getTopic(),
                                req.getPayload().toByteArray(),
                                req.getContentType())));
    }

    @Override
    public void subscribe(SubscribeRequest req, StreamObserver<BusMessage> out) {
        // Over a real call the subscription lives until the call's response has been written out (or the
        // client went away), so frames still waiting in the connection stay counted; otherwise (an
        // in-process caller) until the producer returns.
        ServiceRequestContext ctx =
                out instanceof ServerCallStreamObserver<?> ? ServiceRequestContext.currentOrNull() : null;
        ResponseStream.serve(out, () -> {
            Subscription s = services.bus()
                    .subscribe(Callers.current(), Wire.session(req.getSessionId()), BusMapping.options(req));
            if (ctx != null) {
                ctx.log().whenComplete().thenRun(s::close);
            }
            return new Messages(s, ctx == null);
        });
    }

    /**
     * Sends a subscription's messages until it ends, one at a time: each waits until the client took the
     * one before, and counts against the subscriber's bound until the client took a later one. When the
     * subscription stops (too slow, archived, shutting down) the producer stops waiting and the call ends
     * with its status at once, whether or not the client is reading. Cancelling the call closes it.
     */
    private final class Messages implements ResponseStream.Producer<BusMessage>, ResponseStream.Cancellable {
        /** The gRPC framing in front of each message: a compressed flag and a 4-byte length. */
        private static final int FRAME_HEADER = 5;

        private final Subscription subscription;
        private final boolean closeWhenDone;

        Messages(Subscription subscription, boolean closeWhenDone) {
            this.subscription = subscription;
            this.closeWhenDone = closeWhenDone;
        }

        @Override
        public void produce(ResponseStream.Sink<BusMessage> sink) throws java.io.IOException {
            Duration wake = services.bus().settings().keepaliveInterval();
            try {
                while (true) {
                    Optional<io.aetherfs.service.bus.BusMessage> m = subscription.next(wake);
                    if (m.isEmpty()) {
                        continue;
                    }
                    BusMessage message = BusMapping.message(m.get());
                    if (!subscription.sending(message.getSerializedSize() + FRAME_HEADER)) {
                        continue; // the subscription ended: next() throws why
                    }
                    sink.send(message);
                    if (sink.awaitTaken(subscription.whenStopped())) {
                        subscription.taken();
                    }
                }
            } finally {
                if (closeWhenDone) {
                    subscription.close();
                }
            }
        }

        @Override
        public void cancel() {
            subscription.close();
        }
    }
}
