package io.aetherfs.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.aetherfs.server.api.CallerResolver;
import io.aetherfs.server.grpc.GrpcApi;
import io.aetherfs.server.grpc.GrpcServices;
import io.aetherfs.server.http.GrpcImpls;
import io.aetherfs.server.http.HttpApi;
import io.aetherfs.service.Services;

/**
 * The public API: gRPC {@code aetherfs.v1} on the gRPC listener and HTTP {@code /v1} on the main
 * listener, the latter calling the very same gRPC service objects. gRPC health turns NOT_SERVING as
 * soon as the server starts draining.
 */
public final class AfsApiModule implements ApiModule {
    @Override
    public void register(ServerBuilder sb, Services services, ServerContext ctx) {
        CallerResolver resolver = ctx.authenticator()::authenticate;
        GrpcApi grpc = GrpcApi.register(sb, ctx.grpcHost(), services, resolver);
        GrpcServices g = grpc.services();
        HttpApi.register(
                ctx.httpHost(),
                services,
                new GrpcImpls(g.sessions(), g.persistence(), g.files(), g.observability()),
                resolver,
                ctx.meterRegistry());
        ctx.whenDraining().thenRun(() -> grpc.health().enterTerminalState());
    }
}
