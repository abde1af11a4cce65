package io.aetherfs.server.ops;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.VirtualHostBuilder;
import java.util.Set;

/**
 * The unauthenticated operator endpoints of spec §9.7: {@code /healthz}, {@code /readyz} and
 * {@code /metrics}, bound on the main listener or on {@code admin_listen_addr}.
 */
public final class OperatorRoutes {
    public static final String HEALTHZ = "/healthz";
    public static final String READYZ = "/readyz";
    public static final String METRICS = "/metrics";
    private static final Set<String> PATHS = Set.of(HEALTHZ, READYZ, METRICS);
    private static final MediaType PROMETHEUS = MediaType.parse(ServerMetrics.CONTENT_TYPE);

    private OperatorRoutes() {}

    /** Returns whether {@code path} is one of the operator endpoints (they stay up while draining). */
    public static boolean isOperatorPath(String path) {
        return PATHS.contains(path);
    }

    /** Binds the three endpoints on {@code host}; readiness and scraping run on the blocking executor. */
    public static void bind(VirtualHostBuilder host, Readiness readiness, ServerMetrics metrics) {
        bind(host, HEALTHZ, (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok"));
        bind(host, READYZ, (ctx, req) -> HttpResponse.of(() -> ready(readiness), ctx.blockingTaskExecutor()));
        bind(
                host,
                METRICS,
                (ctx, req) -> HttpResponse.of(
                        () -> HttpResponse.of(HttpStatus.OK, PROMETHEUS, metrics.scrape()),
                        ctx.blockingTaskExecutor()));
    }

    private static void bind(VirtualHostBuilder host, String path, HttpService service) {
        host.route().path(path).methods(HttpMethod.GET, HttpMethod.HEAD).build(service);
    }

    private static HttpResponse ready(Readiness readiness) {
        return readiness
                .check()
                .map(reason -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, reason))
                .orElseGet(() -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok"));
    }
}
