package io.aetherfs.server.grpc;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.VirtualHostBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.aetherfs.server.api.AuthDecorator;
import io.aetherfs.server.api.CallerResolver;
import io.aetherfs.service.Services;
import io.grpc.BindableService;
import io.grpc.DecompressorRegistry;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Serves the aetherfs.v1 gRPC API on an Armeria server (spec §10): the services of {@link GrpcServices},
 * server reflection (v1 and v1alpha), {@code grpc.health.v1.Health}, gzip, 16 MiB messages, blocking
 * handlers on the blocking task executor, and every call behind {@link AuthDecorator}. Health and
 * reflection need no token: they call no service and reveal only the public contract. Failures Armeria
 * meets itself (a malformed or oversize request message) are answered by {@link GrpcProtocolErrors}, and
 * calls of services or methods the server does not have by {@link UnknownMethods} (UNIMPLEMENTED).
 */
public final class GrpcApi {
    /** The largest request or response message (spec §10). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final GrpcServices services;
    private final HealthStatusManager health;

    private GrpcApi(GrpcServices services, HealthStatusManager health) {
        this.services = services;
        this.health = health;
    }

    /**
     * Registers the gRPC API on {@code sb} and returns it. Also lets idle connections live on client
     * keepalive PINGs (see {@link #allowKeepalivePings}).
     */
    public static GrpcApi register(
            ServerBuilder sb, Services services, CallerResolver resolver, MeterRegistry registry) {
        return register(sb, sb.defaultVirtualHost(), services, resolver, registry);
    }

    /**
     * Registers the gRPC API on {@code host} (the gRPC listener's virtual host) of the server {@code sb},
     * with its call metrics and access log in {@code registry} ({@link GrpcRequestLogging}).
     */
    public static GrpcApi register(
            ServerBuilder sb,
            VirtualHostBuilder host,
            Services services,
            CallerResolver resolver,
            MeterRegistry registry) {
        GrpcApi api = new GrpcApi(GrpcServices.create(services), new HealthStatusManager());
        AuthDecorator auth = new AuthDecorator(resolver);
        GrpcRequestLogging logging = new GrpcRequestLogging(registry, services.usageMeter());
        GrpcService grpc = api.grpcService();
        host.service(
                grpc,
                s -> s.decorate(auth),
                s -> s.decorate(GrpcApi::lifetime),
                s -> s.decorate(logging)); // outermost: sees every call, refused ones too
        new UnknownMethods(grpc.services().stream()
                        .map(d -> d.getServiceDescriptor().getName())
                        .collect(Collectors.toSet()))
                .bind(host);
        allowKeepalivePings(sb, Duration.ofMillis(Flags.defaultServerIdleTimeoutMillis()));
        return api;
    }

    /**
     * Makes client keepalive PINGs (as often as once a second, spec §10) keep an otherwise idle connection
     * open. Armeria enforces no PING rate, but by default it closes a connection without requests after
     * {@code idleTimeout} (15 s) however many PINGs arrive, which a pinging client sees as a GOAWAY. With
     * {@code keepAliveOnPing} every PING restarts that timer. A bootstrap that sets its own idle timeout must
     * keep the flag (the one-argument {@code idleTimeout(Duration)} leaves it as it is).
     */
    public static void allowKeepalivePings(ServerBuilder sb, Duration idleTimeout) {
        sb.idleTimeout(idleTimeout, true);
    }

    /** Returns the service objects, for the HTTP layer to call in-process. */
    public GrpcServices services() {
        return services;
    }

    /** Returns the health status; the bootstrap sets NOT_SERVING (enterTerminalState) when it drains. */
    public HealthStatusManager health() {
        return health;
    }

    private GrpcService grpcService() {
        List<ServerServiceDefinition> served = new ArrayList<>();
        for (BindableService s : services.all()) {
            ServerServiceDefinition d = s.bindService();
            served.add(d);
            health.setStatus(d.getServiceDescriptor().getName(), ServingStatus.SERVING);
        }
        served.add(health.getHealthService().bindService());
        BindableService v1 = ProtoReflectionServiceV1.newInstance();
        @SuppressWarnings("deprecation") // v1alpha: what older grpcurl versions and IDE plugins still ask for
        BindableService v1alpha = ProtoReflectionService.newInstance();
        List<ServerServiceDefinition> listed = new ArrayList<>(served);
        listed.add(v1.bindService());
        listed.add(v1alpha.bindService());
        ReflectionIndex index = new ReflectionIndex(listed);
        return GrpcService.builder()
                .addServiceDefinitions(served)
                .addServiceDefinitions(
                        ServerInterceptors.intercept(v1, index), ServerInterceptors.intercept(v1alpha, index))
                .useBlockingTaskExecutor(true)
                .maxRequestMessageLength(MAX_MESSAGE_BYTES)
                .exceptionHandler(new GrpcProtocolErrors(MAX_MESSAGE_BYTES))
                .maxResponseMessageLength(MAX_MESSAGE_BYTES)
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance()) // gzip and identity
                .build();
    }

    /**
     * Gives a call the lifetime of gRPC: no deadline unless the client sent {@code grpc-timeout} (which
     * Armeria then applies), and no cap on the total size of a streamed request; each message stays
     * limited to {@link #MAX_MESSAGE_BYTES}.
     */
    private static HttpResponse lifetime(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
            throws Exception {
        if (!req.headers().contains("grpc-timeout")) {
            ctx.clearRequestTimeout();
        }
        ctx.setMaxRequestLength(0);
        return delegate.serve(ctx, req);
    }
}
