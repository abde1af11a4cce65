package io.aetherfs.server.grpc;

import io.aetherfs.core.model.Event;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.ListEventsResponse;
import io.aetherfs.proto.v1.ListSourceEventsRequest;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.sources.SourceIds;
import io.grpc.stub.StreamObserver;

/** The gRPC ObservabilityService (spec §9.4, §9.6, §10): session and source event logs. */
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

    @Override
    public void listSourceEvents(ListSourceEventsRequest req, StreamObserver<ListEventsResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = services.sourceEvents()
                    .list(
                            Callers.current(),
                            SourceIds.parseSource(req.getSourceId()),
                            EventMapping.query(
                                    ListEventsRequest.newBuilder()
                                            .setStartTime(req.getStartTime())
                                            .setEndTime(req.getEndTime())
                                            .addAllTypes(req.getTypesList())
                                            .setAfterSequence(req.getAfterSequence())
                                            .setPath(req.getPath())
                                            .build(),
                                    req.hasStartTime(),
                                    req.hasEndTime()),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return ListEventsResponse.newBuilder()
                    .addAllEvents(
                            page.items().stream().map(SourceMapping::event).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }
}
