package io.aetherfs.server.api;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;

/**
 * Authenticates every API request (HTTP and gRPC alike) and records the outcome for {@link Callers}.
 * It never answers by itself, so each transport reports a failure in its own error format.
 */
public final class AuthDecorator implements DecoratingHttpServiceFunction {
    private final CallerResolver resolver;

    public AuthDecorator(CallerResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        var h = req.headers();
        try {
            ctx.setAttr(
                    Callers.CALLER,
                    resolver.resolve(
                            h.get(HttpHeaderNames.AUTHORIZATION),
                            h.get("x-aetherfs-client-name"),
                            h.get("x-aetherfs-client-version")));
        } catch (AfsException e) {
            ctx.setAttr(
                    Callers.FAILURE,
                    e.code() == ErrorCode.UNAUTHENTICATED
                            ? e
                            : new AfsException(ErrorCode.UNAUTHENTICATED, e.getMessage()));
        }
        return delegate.serve(ctx, req);
    }
}
