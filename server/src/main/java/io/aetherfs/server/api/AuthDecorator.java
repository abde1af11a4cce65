package io.aetherfs.server.api;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.service.auth.Caller;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Authenticates every API request (HTTP and gRPC alike) and records the outcome for {@link Callers}: the
 * caller, or the failure (UNAUTHENTICATED, or RATE_LIMITED from a {@link RateLimiter} around the resolver).
 * It never answers by itself, so each transport reports a failure in its own error format. It never
 * blocks the event loop: when the resolver must fetch keys first, the request waits for them.
 */
public final class AuthDecorator implements DecoratingHttpServiceFunction {
    private final CallerResolver resolver;

    public AuthDecorator(CallerResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        var h = req.headers();
        CompletableFuture<Caller> caller = resolver.resolveAsync(
                h.get(HttpHeaderNames.AUTHORIZATION),
                h.get("x-aetherfs-client-name"),
                h.get("x-aetherfs-client-version"));
        if (caller.isDone()) {
            record(ctx, caller);
            return delegate.serve(ctx, req);
        }
        return HttpResponse.of(caller.handleAsync(
                (c, e) -> {
                    try {
                        record(ctx, caller);
                        return delegate.serve(ctx, req);
                    } catch (Exception failure) {
                        return HttpResponse.ofFailure(failure);
                    }
                },
                ctx.eventLoop()));
    }

    /** Stores the caller, or the authentication failure, of a completed resolution. */
    private static void record(ServiceRequestContext ctx, CompletableFuture<Caller> caller) {
        try {
            ctx.setAttr(Callers.CALLER, caller.join());
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof AfsException failure)) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            ctx.setAttr(
                    Callers.FAILURE,
                    failure.code() == ErrorCode.UNAUTHENTICATED || failure.reason() == Reason.RATE_LIMITED
                            ? failure
                            : new AfsException(ErrorCode.UNAUTHENTICATED, failure.getMessage()));
        }
    }
}
