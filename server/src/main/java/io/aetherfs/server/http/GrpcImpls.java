package io.aetherfs.server.http;

import io.aetherfs.proto.v1.AnnotationServiceGrpc.AnnotationServiceImplBase;
import io.aetherfs.proto.v1.FileSystemServiceGrpc.FileSystemServiceImplBase;
import io.aetherfs.proto.v1.MessageBusServiceGrpc.MessageBusServiceImplBase;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc.ObservabilityServiceImplBase;
import io.aetherfs.proto.v1.OversightServiceGrpc.OversightServiceImplBase;
import io.aetherfs.proto.v1.PersistenceServiceGrpc.PersistenceServiceImplBase;
import io.aetherfs.proto.v1.SessionServiceGrpc.SessionServiceImplBase;
import io.grpc.BindableService;
import java.util.List;
import java.util.Objects;

/**
 * The gRPC service implementations the JSON routes call in-process (spec §1: every HTTP route is bound to
 * a gRPC RPC and shares its implementation). Typed by the generated base classes, so any implementation
 * (the server's, or a test fake) fits.
 */
public record GrpcImpls(
        SessionServiceImplBase sessions,
        PersistenceServiceImplBase persistence,
        FileSystemServiceImplBase files,
        ObservabilityServiceImplBase observability,
        MessageBusServiceImplBase bus,
        OversightServiceImplBase oversight,
        AnnotationServiceImplBase annotations) {
    public GrpcImpls {
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(observability, "observability");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(oversight, "oversight");
        Objects.requireNonNull(annotations, "annotations");
    }

    /** Returns the implementations in route-table order. */
    List<BindableService> all() {
        return List.of(sessions, persistence, files, observability, bus, oversight, annotations);
    }
}
