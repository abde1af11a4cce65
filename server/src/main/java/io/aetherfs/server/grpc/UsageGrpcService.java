package io.aetherfs.server.grpc;

import io.aetherfs.proto.v1.GetUsageRequest;
import io.aetherfs.proto.v1.UsageReport;
import io.aetherfs.proto.v1.UsageServiceGrpc;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.grpc.stub.StreamObserver;

/** The gRPC UsageService (spec §9.5, §10): a tenant's usage over a window. */
public final class UsageGrpcService extends UsageServiceGrpc.UsageServiceImplBase {
    private final Services services;

    public UsageGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void getUsage(GetUsageRequest req, StreamObserver<UsageReport> out) {
        GrpcCalls.unary(out, () -> {
            var u = services.usage()
                    .get(
                            Callers.current(),
                            req.hasStartTime() ? ProtoTimes.instant("start_time", req.getStartTime()) : null,
                            req.hasEndTime() ? ProtoTimes.instant("end_time", req.getEndTime()) : null);
            return UsageReport.newBuilder()
                    .setTenantId(u.tenantId().value())
                    .setStartTime(ProtoTimes.of(u.startTime()))
                    .setEndTime(ProtoTimes.of(u.endTime()))
                    .setSessionHours(u.sessionHours())
                    .setSessionsCreated(u.sessionsCreated())
                    .setPeakActiveSessions(u.peakActiveSessions())
                    .setLogicalStorageBytes(u.logicalStorageBytes())
                    .setPhysicalStorageBytes(u.physicalStorageBytes())
                    .setIngressBytes(u.ingressBytes())
                    .setEgressBytes(u.egressBytes())
                    .setApiRequests(u.apiRequests())
                    .build();
        });
    }
}
