package io.aetherfs.server.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.usage.UsageMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Per-call observability of the gRPC API (spec §13.3): when a call completes it counts
 * {@code afs_grpc_requests_total{service,method,code}}, times {@code afs_request_duration_seconds
 * {transport="grpc",route,method,code}} and writes one INFO access line with requestId, tenant,
 * principal, clientName, clientVersion, route, code and, for a failed call, its ErrorInfo reason. The
 * route is {@code /<service>/<method>}; nothing of messages or tokens is logged. An authenticated call is
 * also counted for its tenant's usage ({@link UsageMeter}: message bytes in and out).
 */
final class GrpcRequestLogging implements DecoratingHttpServiceFunction {
    private static final Logger access = LoggerFactory.getLogger("io.aetherfs.server.grpc.access");

    private final MeterRegistry registry;
    private final UsageMeter usage;

    GrpcRequestLogging(MeterRegistry registry, UsageMeter usage) {
        this.registry = registry;
        this.usage = usage;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ctx.log().whenComplete().thenAccept(log -> completed(ctx, log));
        return delegate.serve(ctx, req);
    }

    private void completed(ServiceRequestContext ctx, RequestLog log) {
        String path = ctx.path();
        int slash = path.lastIndexOf('/');
        String service = slash > 0 ? path.substring(1, slash) : "unknown";
        String method = slash >= 0 ? path.substring(slash + 1) : path;
        HttpHeaders trailers = log.responseTrailers().isEmpty() ? log.responseHeaders() : log.responseTrailers();
        String code = codeName(trailers.get("grpc-status"));
        Counter.builder("afs.grpc.requests")
                .description("gRPC API calls")
                .tags("service", service, "method", method, "code", code)
                .register(registry)
                .increment();
        Timer.builder("afs.request.duration")
                .description("API request duration")
                .tags("transport", "grpc", "route", path, "method", "POST", "code", code)
                .publishPercentileHistogram()
                .register(registry)
                .record(log.totalDurationNanos(), TimeUnit.NANOSECONDS);
        String reason = reason(trailers.get("grpc-status-details-bin"));
        var before = MDC.getCopyOfContextMap();
        try {
            MDC.put("route", path);
            MDC.put("code", code);
            put("requestId", ctx.request().headers().get("x-request-id"));
            put("clientName", ctx.request().headers().get("x-aetherfs-client-name"));
            put("clientVersion", ctx.request().headers().get("x-aetherfs-client-version"));
            put("reason", reason);
            try {
                Caller c = Callers.of(ctx);
                usage.record(c.tenant(), log.requestLength(), log.responseLength());
                MDC.put("tenant", c.tenant().value());
                MDC.put("principal", c.principal());
            } catch (AfsException unauthenticated) {
                // no tenant or principal to log
            }
            access.info(
                    "{} {}{} {}ms",
                    path,
                    code,
                    reason == null ? "" : " " + reason,
                    TimeUnit.NANOSECONDS.toMillis(log.totalDurationNanos()));
        } finally {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value.length() > 200 ? value.substring(0, 200) : value);
        }
    }

    /** Returns the name of a grpc-status value (OK when absent, as for a call the client cancelled early). */
    private static String codeName(String status) {
        if (status == null) {
            return "UNKNOWN";
        }
        try {
            return io.grpc.Status.fromCodeValue(Integer.parseInt(status.trim()))
                    .getCode()
                    .name();
        } catch (NumberFormatException e) {
            return "UNKNOWN";
        }
    }

    /** Returns the ErrorInfo reason in a {@code grpc-status-details-bin} trailer, or null. */
    static String reason(String detailsBin) {
        if (detailsBin == null || detailsBin.isEmpty()) {
            return null;
        }
        try {
            Status s = Status.parseFrom(Base64.getDecoder().decode(detailsBin.trim()));
            for (Any d : s.getDetailsList()) {
                if (d.is(ErrorInfo.class)) {
                    return d.unpack(ErrorInfo.class).getReason();
                }
            }
            return null;
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return null;
        }
    }
}
