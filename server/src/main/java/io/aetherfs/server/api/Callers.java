package io.aetherfs.server.api;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.service.auth.Caller;
import io.netty.util.AttributeKey;

/**
 * Where the authenticated caller of a request lives: {@link AuthDecorator} stores the outcome of
 * authentication in the Armeria request context (shared by HTTP and gRPC), and every handler starts
 * with {@link #current()}, which throws UNAUTHENTICATED for requests that failed it.
 */
public final class Callers {
    static final AttributeKey<Caller> CALLER = AttributeKey.valueOf(Callers.class, "caller");
    static final AttributeKey<AfsException> FAILURE = AttributeKey.valueOf(Callers.class, "authFailure");

    private Callers() {}

    /** Returns the caller of the current request, or throws its authentication error. */
    public static Caller current() {
        return of(ServiceRequestContext.current());
    }

    /** Returns the caller of a request, or throws its authentication error. */
    public static Caller of(ServiceRequestContext ctx) {
        Caller c = ctx.attr(CALLER);
        if (c != null) {
            return c;
        }
        AfsException failure = ctx.attr(FAILURE);
        throw failure != null
                ? failure
                : new AfsException(ErrorCode.UNAUTHENTICATED, "missing Authorization: Bearer <token>");
    }
}
