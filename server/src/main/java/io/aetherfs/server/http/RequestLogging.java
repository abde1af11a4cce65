package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Ulid;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.usage.UsageMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.AttributeKey;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Per-request observability of the HTTP API (spec §2, §13.3). It echoes {@code x-request-id} (or makes
 * one), and when the response is complete counts {@code afs_http_requests_total{route,method,code}},
 * times {@code afs_request_duration_seconds{transport="http",route,method,code}} and writes one INFO
 * access line with requestId, tenant, principal, clientName, clientVersion, route, code and, for an
 * error, its ErrorInfo reason (so a 409 STALE_EXPECTED_HASH and a 409 ABORTED tell apart) in the MDC.
 * The route is the matched template ({@code /v1/sessions/{sessionId}:merge}), or "unmatched"; never the
 * raw path. Nothing of bodies or tokens is logged. Handlers wrap their blocking work in {@link #mdc}. An
 * authenticated request is also counted for its tenant's usage ({@link UsageMeter}: body bytes in and out).
 */
final class RequestLogging implements DecoratingHttpServiceFunction {
    static final AttributeKey<String> REQUEST_ID = AttributeKey.valueOf(RequestLogging.class, "requestId");
    static final AttributeKey<String> ROUTE = AttributeKey.valueOf(RequestLogging.class, "route");
    /** The ErrorInfo reason of the error the request was answered with, if any. */
    static final AttributeKey<String> REASON = AttributeKey.valueOf(RequestLogging.class, "reason");

    private static final Logger access = LoggerFactory.getLogger("io.aetherfs.server.http.access");
    private static final Ulid IDS = Ulid.system();

    private final MeterRegistry registry;
    private final UsageMeter usage;

    RequestLogging(MeterRegistry registry, UsageMeter usage) {
        this.registry = registry;
        this.usage = usage;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String given = req.headers().get("x-request-id");
        String id = given != null && given.matches("[\\x21-\\x7e]{1,128}") ? given : IDS.next();
        ctx.setAttr(REQUEST_ID, id);
        ctx.setAdditionalResponseHeader("x-request-id", id);
        ctx.log().whenComplete().thenAccept(log -> completed(ctx, log));
        return delegate.serve(ctx, req);
    }

    private void completed(ServiceRequestContext ctx, RequestLog log) {
        String route = route(ctx);
        String method = ctx.method().name();
        String code = Integer.toString(log.responseHeaders().status().code());
        Counter.builder("afs.http.requests")
                .description("HTTP API requests")
                .tags("route", route, "method", method, "code", code)
                .register(registry)
                .increment();
        Timer.builder("afs.request.duration")
                .description("API request duration")
                .tags("transport", "http", "route", route, "method", method, "code", code)
                .publishPercentileHistogram()
                .register(registry)
                .record(log.totalDurationNanos(), TimeUnit.NANOSECONDS);
        String reason = ctx.attr(REASON);
        try {
            usage.record(Callers.of(ctx).tenant(), log.requestLength(), log.responseLength());
        } catch (AfsException unauthenticated) {
            // no tenant to count it for
        }
        Mdc m = mdc(ctx);
        try {
            MDC.put("code", code);
            if (reason != null) {
                MDC.put("reason", reason);
            }
            access.info(
                    "{} {} {}{} {}ms",
                    method,
                    route,
                    code,
                    reason == null ? "" : " " + reason,
                    TimeUnit.NANOSECONDS.toMillis(log.totalDurationNanos()));
        } finally {
            m.close();
        }
    }

    /** Remembers the ErrorInfo reason of the error the current request is answered with, for its access line. */
    static void errorReason(com.google.rpc.Status s) {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx == null) {
            return;
        }
        for (com.google.protobuf.Any d : s.getDetailsList()) {
            if (d.is(com.google.rpc.ErrorInfo.class)) {
                try {
                    ctx.setAttr(REASON, d.unpack(com.google.rpc.ErrorInfo.class).getReason());
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    return; // a malformed detail: log the code alone
                }
                return;
            }
        }
    }

    /** Puts the request's MDC fields in place until closed (then restores what was there). */
    static Mdc mdc(ServiceRequestContext ctx) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        Map<String, String> m = new HashMap<>();
        put(m, "requestId", ctx.attr(REQUEST_ID));
        put(m, "route", route(ctx));
        put(m, "clientName", ctx.request().headers().get("x-aetherfs-client-name"));
        put(m, "clientVersion", ctx.request().headers().get("x-aetherfs-client-version"));
        try {
            Caller c = Callers.of(ctx);
            put(m, "tenant", c.tenant().value());
            put(m, "principal", c.principal());
        } catch (AfsException unauthenticated) {
            // no tenant or principal to log
        }
        MDC.setContextMap(m);
        return new Mdc(before);
    }

    private static String route(ServiceRequestContext ctx) {
        String r = ctx.attr(ROUTE);
        return r == null ? "unmatched" : r;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value.length() > 200 ? value.substring(0, 200) : value);
        }
    }

    /** Restores the previous MDC when closed. */
    record Mdc(Map<String, String> before) implements AutoCloseable {
        @Override
        public void close() {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }
}
