package io.aetherfs.server.http;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.VirtualHostBuilder;
import io.aetherfs.server.api.AuthDecorator;
import io.aetherfs.server.api.CallerResolver;
import io.aetherfs.service.Services;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The HTTP/JSON API under {@code /v1} (spec §2, §9): JSON routes bound to the gRPC implementations, the
 * HTTP-native raw routes over the services, and per-request auth, request ids, metrics and access logs.
 */
public final class HttpApi {
    private HttpApi() {}

    /**
     * Mounts the API on {@code sb} under {@code /v1}. Armeria's request length limit is lifted for these
     * routes: each handler enforces its own (JSON bodies, file size, import size; spec §12) and answers
     * 429 PAYLOAD_TOO_LARGE itself.
     */
    public static void register(
            ServerBuilder sb, Services services, GrpcImpls impls, CallerResolver resolver, MeterRegistry registry) {
        register(sb.defaultVirtualHost(), services, impls, resolver, registry);
    }

    /**
     * Mounts the API on a virtual host (the main listener's), with no request timeout: uploads, exports
     * and merges of large trees take as long as they take, and a client that goes away cancels them.
     */
    public static void register(
            VirtualHostBuilder host,
            Services services,
            GrpcImpls impls,
            CallerResolver resolver,
            MeterRegistry registry) {
        Idempotency idempotency =
                new Idempotency(services.engine().meta(), services.engine().clock());
        Router router = new Router(RouteTable.build(impls, services, idempotency));
        host.route()
                .pathPrefix("/v1")
                .maxRequestLength(0)
                .requestTimeout(java.time.Duration.ZERO)
                .decorator(delegate -> delegate.decorate(new AuthDecorator(resolver)))
                .decorator(delegate -> delegate.decorate(new RequestLogging(registry))) // outermost
                .build(new ApiService(router));
    }
}
