package io.aetherfs.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.aetherfs.server.api.CallerResolver;
import io.aetherfs.server.api.RateLimiter;
import io.aetherfs.server.auth.Authenticator;
import io.aetherfs.server.grpc.GrpcApi;
import io.aetherfs.server.grpc.GrpcServices;
import io.aetherfs.server.http.GrpcImpls;
import io.aetherfs.server.http.HttpApi;
import io.aetherfs.server.ops.StoreGauges;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.CompletableFuture;

/**
 * The public API: gRPC {@code aetherfs.v1} on the gRPC listener and HTTP {@code /v1} on the main
 * listener, the latter calling the very same gRPC service objects. gRPC health turns NOT_SERVING and
 * bus streams end with UNAVAILABLE as soon as the server starts draining. Registers the bus meters
 * {@code afs_bus_subscribers}, {@code afs_bus_held_bytes} and {@code afs_bus_slow_subscribers_total}, and
 * the store gauges {@code afs_sessions{status}}, {@code afs_cas_blobs} and {@code afs_cas_bytes}.
 */
public final class AfsApiModule implements ApiModule {
    @Override
    public void register(ServerBuilder sb, Services services, ServerContext ctx) {
        Authenticator auth = ctx.authenticator();
        CallerResolver authenticated = new CallerResolver() {
            @Override
            public Caller resolve(String authorization, String clientName, String clientVersion) {
                return auth.authenticate(authorization, clientName, clientVersion);
            }

            @Override
            public CompletableFuture<Caller> resolveAsync(
                    String authorization, String clientName, String clientVersion) {
                return auth.authenticateAsync(authorization, clientName, clientVersion);
            }
        };
        // one resolver for both transports, so a principal's requests share one rate-limit bucket
        CallerResolver resolver =
                RateLimiter.limiting(authenticated, ctx.config().limits().rateLimitRpsPerPrincipal());
        GrpcApi grpc = GrpcApi.register(sb, ctx.grpcHost(), services, resolver, ctx.meterRegistry());
        HttpApi.keepPausedReaders(sb);
        GrpcServices g = grpc.services();
        HttpApi.register(ctx.httpHost(), services, GrpcImpls.of(g), resolver, ctx.meterRegistry());
        Gauge.builder("afs.bus.subscribers", services.bus(), b -> b.subscriberCount())
                .description("Open message bus subscriptions on this node")
                .register(ctx.meterRegistry());
        Gauge.builder("afs.bus.held.bytes", services.bus(), b -> b.heldBytes())
                .description("Bytes this node holds for bus subscribers: replay pages, queued messages and frames"
                        + " their connections have not taken (at most limits.bus_max_lag_bytes each)")
                .register(ctx.meterRegistry());
        FunctionCounter.builder("afs.bus.slow.subscribers", services.bus(), b -> b.slowSubscriberCount())
                .description("Bus subscribers this node closed with RESOURCE_EXHAUSTED for falling too far behind")
                .register(ctx.meterRegistry());
        StoreGauges.register(services, ctx.meterRegistry());
        ctx.whenDraining().thenRun(() -> {
            grpc.health().enterTerminalState();
            services.bus().shutdown();
        });
    }
}
