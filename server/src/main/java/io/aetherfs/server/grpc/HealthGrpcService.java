package io.aetherfs.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.util.Json;
import io.aetherfs.proto.v1.GetHealthRequest;
import io.aetherfs.proto.v1.HealthServiceGrpc;
import io.aetherfs.proto.v1.HealthStatus;
import io.aetherfs.proto.v1.ReportHealthRequest;
import io.aetherfs.proto.v1.ReportTestResultsRequest;
import io.aetherfs.proto.v1.SessionHealth;
import io.aetherfs.proto.v1.TestCounts;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/** The gRPC HealthService (spec §8.14, §9.5, §10), also behind the HTTP health routes. */
public final class HealthGrpcService extends HealthServiceGrpc.HealthServiceImplBase {
    private static final String STATUS_PREFIX = "STATUS_";
    private static final String FORMAT_PREFIX = "TEST_RESULTS_FORMAT_";

    private final Services services;

    public HealthGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void getHealth(GetHealthRequest req, StreamObserver<SessionHealth> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return health(services.health().get(caller, Wire.session(req.getSessionId())));
        });
    }

    @Override
    public void reportHealth(ReportHealthRequest req, StreamObserver<SessionHealth> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return health(services.health()
                    .report(
                            caller,
                            Wire.session(req.getSessionId()),
                            status(req.getStatus()),
                            req.getSummary(),
                            details(req.getDetails())));
        });
    }

    @Override
    public void reportTestResults(ReportTestResultsRequest req, StreamObserver<SessionHealth> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return health(services.health()
                    .reportTestResults(
                            caller,
                            Wire.session(req.getSessionId()),
                            EnumMapping.toCore(
                                    req.getFormat(),
                                    FORMAT_PREFIX,
                                    io.aetherfs.service.health.TestResultsFormat.class,
                                    "format"),
                            req.getData().toByteArray(),
                            status(req.getStatus()),
                            req.getSummary()));
        });
    }

    private static SessionHealth health(io.aetherfs.service.health.SessionHealth h) {
        io.aetherfs.service.health.TestCounts c = h.testCounts();
        SessionHealth.Builder b = SessionHealth.newBuilder()
                .setSessionId(h.sessionId().value())
                .setStatus(EnumMapping.toProto(h.status(), STATUS_PREFIX, HealthStatus.class))
                .setSummary(h.summary())
                .setDetails(EventMapping.struct(h.details()))
                .setTestCounts(TestCounts.newBuilder()
                        .setTotal(c.total())
                        .setPassed(c.passed())
                        .setFailed(c.failed())
                        .setSkipped(c.skipped())
                        .setErrors(c.errors()));
        if (h.lastReportedAt() != null) {
            b.setLastReportedAt(ProtoTimes.of(h.lastReportedAt()));
        }
        if (h.reportedBy() != null) {
            b.setReportedBy(h.reportedBy());
        }
        return b.build();
    }

    private static io.aetherfs.service.health.HealthStatus status(HealthStatus s) {
        return EnumMapping.toCoreOrNull(
                s, STATUS_PREFIX, io.aetherfs.service.health.HealthStatus.class, "status", ErrorCode.INVALID_ARGUMENT);
    }

    /** Returns the details as plain JSON values (maps, lists, strings, numbers, booleans, nulls). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Struct details) {
        if (details.getFieldsCount() == 0) {
            return Map.of();
        }
        try {
            String json = JsonFormat.printer().omittingInsignificantWhitespace().print(details);
            return Json.mapper().readValue(json, Map.class);
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AfsException(ErrorCode.INVALID_ARGUMENT, "details is not a JSON object: " + e.getMessage());
        }
    }
}
