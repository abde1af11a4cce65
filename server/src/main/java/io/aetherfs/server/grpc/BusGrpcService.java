package io.aetherfs.server.grpc;

import io.aetherfs.proto.v1.BusMessage;
import io.aetherfs.proto.v1.MessageBusServiceGrpc;
import io.aetherfs.proto.v1.PublishRequest;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.bus.Subscription;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;

/**
 * The gRPC MessageBusService (spec §9.4, §10): Publish, and Subscribe as a server stream that follows
 * the client's flow control and ends with the status that ended the subscription.
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
        ResponseStream.serve(
                out,
                () -> new Messages(services.bus()
                        .subscribe(Callers.current(), Wire.session(req.getSessionId()), BusMapping.options(req))));
    }

    /** Sends a subscription's messages until it ends; cancelling the call closes it. */
    private final class Messages implements ResponseStream.Producer<BusMessage>, ResponseStream.Cancellable {
        private final Subscription subscription;

        Messages(Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void produce(ResponseStream.Sink<BusMessage> sink) throws java.io.IOException {
            Duration wake = services.bus().settings().keepaliveInterval();
            try (subscription) {
                while (true) {
                    Optional<io.aetherfs.service.bus.BusMessage> m = subscription.next(wake);
                    if (m.isPresent()) {
                        sink.send(BusMapping.message(m.get()));
                    }
                }
            }
        }

        @Override
        public void cancel() {
            subscription.close();
        }
    }
}
