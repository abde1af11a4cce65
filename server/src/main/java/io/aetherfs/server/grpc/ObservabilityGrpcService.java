package io.aetherfs.server.grpc;

import io.aetherfs.core.model.Event;
import io.aetherfs.proto.v1.CasMetrics;
import io.aetherfs.proto.v1.CasRefcount;
import io.aetherfs.proto.v1.GetCasMetricsRequest;
import io.aetherfs.proto.v1.ListCasRefcountsRequest;
import io.aetherfs.proto.v1.ListCasRefcountsResponse;
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

/** The gRPC ObservabilityService (spec §9.4, §9.5, §9.6, §10): session and source event logs, CAS metrics. */
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
    public void getCasMetrics(GetCasMetricsRequest req, StreamObserver<CasMetrics> out) {
        GrpcCalls.unary(out, () -> {
            var m = services.cas().metrics(Callers.current(), req.getAllTenants());
            return CasMetrics.newBuilder()
                    .setBlobCount(m.blobCount())
                    .setPhysicalBytes(m.physicalBytes())
                    .setLogicalBytes(m.logicalBytes())
                    .setDedupeRatio(m.dedupeRatio())
                    .setExtentSizeBytes(m.extentSizeBytes())
                    .setPendingGcBlobs(m.pendingGcBlobs())
                    .setPendingGcBytes(m.pendingGcBytes())
                    .setComputedAt(ProtoTimes.of(m.computedAt()))
                    .build();
        });
    }

    @Override
    public void listCasRefcounts(ListCasRefcountsRequest req, StreamObserver<ListCasRefcountsResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = services.cas()
                    .refcounts(
                            Callers.current(),
                            req.getMinRefCount(),
                            req.getAllTenants(),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            var b = ListCasRefcountsResponse.newBuilder().setNextPageToken(page.nextPageToken());
            for (var r : page.items()) {
                b.addRefcounts(CasRefcount.newBuilder()
                        .setHash(r.refcount().hash().hex())
                        .setSize(r.refcount().size())
                        .setRefCount(r.refcount().refCount())
                        .setTenantId(req.getAllTenants() ? r.tenant().value() : ""));
            }
            return b.build();
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
