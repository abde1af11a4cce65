package io.aetherfs.server.grpc;

import io.aetherfs.core.model.Event;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.ListEventsResponse;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.page.Page;
import io.grpc.stub.StreamObserver;

/** The gRPC ObservabilityService (spec §9.4, §10); only ListEvents so far. */
public final class ObservabilityGrpcService extends ObservabilityServiceGrpc.ObservabilityServiceImplBase {
    private final Services services;

    public ObservabilityGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void listEvents(ListEventsRequest req, StreamObserver<ListEventsResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            Page<Event> page = services.events()
                    .list(
                            caller,
                            Wire.session(req.getSessionId()),
                            EventMapping.query(req),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return ListEventsResponse.newBuilder()
                    .addAllEvents(page.items().stream().map(EventMapping::event).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }
}
