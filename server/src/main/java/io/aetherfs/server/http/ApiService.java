package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.server.api.Callers;

/**
 * The Armeria service behind {@code /v1}: picks the route, checks authentication first (spec §3.3: 401
 * comes before anything else, unknown routes included), then hands the request to the route's handler.
 * Every failure, synchronous or not, leaves through {@link HttpErrors}.
 */
final class ApiService implements HttpService {
    private final Router router;

    ApiService(Router router) {
        this.router = router;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        try {
            Router.Match match;
            try {
                match = router.match(req.method(), ctx.path(), ctx.rawPath());
            } catch (HttpFailure | AfsException noRoute) {
                Callers.of(ctx); // 401 first, even for a path no route takes or whose variables do not decode
                throw noRoute;
            }
            ctx.setAttr(RequestLogging.ROUTE, match.route().path().label());
            Callers.of(ctx);
            return match.route().handler().serve(ctx, req, match.params()).recover(t -> {
                try (var current = ctx.push()) { // the mapping records the error's reason for the access line
                    return HttpErrors.response(t);
                }
            });
        } catch (Exception | LinkageError e) {
            return HttpErrors.response(e);
        }
    }
}
