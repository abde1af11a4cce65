package io.aetherfs.server.grpc;

import io.aetherfs.proto.v1.AnalyticsServiceGrpc;
import io.aetherfs.proto.v1.GetSessionAnalyticsRequest;
import io.aetherfs.proto.v1.SessionAnalytics;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.grpc.stub.StreamObserver;

/** The gRPC AnalyticsService (spec §9.5, §10): session analytics over a window. */
public final class AnalyticsGrpcService extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {
    private final Services services;

    public AnalyticsGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void getSessionAnalytics(GetSessionAnalyticsRequest req, StreamObserver<SessionAnalytics> out) {
        GrpcCalls.unary(
                out,
                () -> analytics(services.analytics()
                        .get(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                req.hasStartTime() ? ProtoTimes.instant("start_time", req.getStartTime()) : null,
                                req.hasEndTime() ? ProtoTimes.instant("end_time", req.getEndTime()) : null)));
    }

    private static SessionAnalytics analytics(io.aetherfs.service.analytics.SessionAnalytics a) {
        var b = SessionAnalytics.newBuilder()
                .setSessionId(a.sessionId().value())
                .setWindowStart(ProtoTimes.of(a.windowStart()))
                .setWindowEnd(ProtoTimes.of(a.windowEnd()))
                .setFileWrites(a.fileWrites())
                .setFileDeletes(a.fileDeletes())
                .setBytesWritten(a.bytesWritten())
                .setCheckpointCount(a.checkpointCount())
                .setRestoreCount(a.restoreCount())
                .setCommitCount(a.commitCount())
                .setMergeCount(a.mergeCount())
                .setForkCount(a.forkCount())
                .setApprovalRequests(a.approvalRequests())
                .setAnnotationCount(a.annotationCount())
                .setOpenAnnotationCount(a.openAnnotationCount())
                .setToolCallCount(a.toolCallCount())
                .setToolCallFailures(a.toolCallFailures())
                .putAllToolCallsByName(a.toolCallsByName())
                .setActiveSeconds(a.activeSeconds());
        if (a.timeToFirstWriteSeconds() != null) {
            b.setTimeToFirstWriteSeconds(a.timeToFirstWriteSeconds());
        }
        if (a.lastActivityAt() != null) {
            b.setLastActivityAt(ProtoTimes.of(a.lastActivityAt()));
        }
        return b.build();
    }
}
