package io.aetherfs.server.ops;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The server-wide decorator that refuses new work once shutdown has begun (spec §13.3): requests
 * already running drain, new ones get 503 (UNAVAILABLE to gRPC clients); operator endpoints stay up.
 */
public final class DrainGuard implements DecoratingHttpServiceFunction {
    private final Readiness readiness;

    public DrainGuard(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (readiness.draining() && !OperatorRoutes.isOperatorPath(ctx.path())) {
            return HttpResponse.of(
                    HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, "the server is shutting down");
        }
        return delegate.serve(ctx, req);
    }
}
