package io.aetherfs.server.http;

import io.aetherfs.proto.v1.AnalyticsServiceGrpc;
import io.aetherfs.proto.v1.AnalyticsServiceGrpc.AnalyticsServiceImplBase;
import io.aetherfs.proto.v1.FileSystemServiceGrpc.FileSystemServiceImplBase;
import io.aetherfs.proto.v1.MessageBusServiceGrpc.MessageBusServiceImplBase;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc.ObservabilityServiceImplBase;
import io.aetherfs.proto.v1.PersistenceServiceGrpc.PersistenceServiceImplBase;
import io.aetherfs.proto.v1.SessionServiceGrpc.SessionServiceImplBase;
import io.aetherfs.proto.v1.ToolingServiceGrpc;
import io.aetherfs.proto.v1.ToolingServiceGrpc.ToolingServiceImplBase;
import io.aetherfs.proto.v1.UsageServiceGrpc;
import io.aetherfs.proto.v1.UsageServiceGrpc.UsageServiceImplBase;
import io.grpc.BindableService;
import java.util.List;
import java.util.Objects;

/**
 * The gRPC service implementations the JSON routes call in-process (spec §1: every HTTP route is bound to
 * a gRPC RPC and shares its implementation). Typed by the generated base classes, so any implementation
 * (the server's, or a test fake) fits. Services a test leaves out answer UNIMPLEMENTED.
 */
public record GrpcImpls(
        SessionServiceImplBase sessions,
        PersistenceServiceImplBase persistence,
        FileSystemServiceImplBase files,
        ObservabilityServiceImplBase observability,
        MessageBusServiceImplBase bus,
        ToolingServiceImplBase tooling,
        AnalyticsServiceImplBase analytics,
        UsageServiceImplBase usage) {
    public GrpcImpls {
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(observability, "observability");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(tooling, "tooling");
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(usage, "usage");
    }

    /** Returns the implementations of the first five services; the others answer UNIMPLEMENTED. */
    public GrpcImpls(
            SessionServiceImplBase sessions,
            PersistenceServiceImplBase persistence,
            FileSystemServiceImplBase files,
            ObservabilityServiceImplBase observability,
            MessageBusServiceImplBase bus) {
        this(
                sessions,
                persistence,
                files,
                observability,
                bus,
                new ToolingServiceGrpc.ToolingServiceImplBase() {},
                new AnalyticsServiceGrpc.AnalyticsServiceImplBase() {},
                new UsageServiceGrpc.UsageServiceImplBase() {});
    }

    /** Returns the implementations in route-table order. */
    List<BindableService> all() {
        return List.of(sessions, persistence, files, observability, bus, tooling, analytics, usage);
    }
}
