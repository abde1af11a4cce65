package io.aetherfs.server.grpc;

import io.aetherfs.service.Services;
import io.grpc.BindableService;
import java.util.List;

/**
 * The public aetherfs.v1 gRPC service objects. The HTTP layer calls these same objects in-process for
 * every JSON route, so both transports share one implementation.
 */
public record GrpcServices(
        SessionGrpcService sessions,
        PersistenceGrpcService persistence,
        FileSystemGrpcService files,
        ObservabilityGrpcService observability,
        BusGrpcService bus,
        OversightGrpcService oversight,
        AnnotationGrpcService annotations,
        KnowledgeCacheGrpcService cache,
        SecretsGrpcService secrets,
        HealthGrpcService health,
        CollaborationGrpcService collaboration,
        ToolingGrpcService tooling,
        AnalyticsGrpcService analytics,
        UsageGrpcService usage,
        SourceGrpcService sources) {

    /** Returns the services over one service layer. */
    public static GrpcServices create(Services services) {
        return new GrpcServices(
                new SessionGrpcService(services),
                new PersistenceGrpcService(services),
                new FileSystemGrpcService(services),
                new ObservabilityGrpcService(services),
                new BusGrpcService(services),
                new OversightGrpcService(services),
                new AnnotationGrpcService(services),
                new KnowledgeCacheGrpcService(services),
                new SecretsGrpcService(services),
                new HealthGrpcService(services),
                new CollaborationGrpcService(services),
                new ToolingGrpcService(services),
                new AnalyticsGrpcService(services),
                new UsageGrpcService(services),
                new SourceGrpcService(services));
    }

    /** Returns every service, in registration order. */
    public List<BindableService> all() {
        return List.of(
                sessions,
                persistence,
                files,
                observability,
                bus,
                collaboration,
                annotations,
                oversight,
                cache,
                secrets,
                health,
                tooling,
                analytics,
                usage,
                sources);
    }
}
