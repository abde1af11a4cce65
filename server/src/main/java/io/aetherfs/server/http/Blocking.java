package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.function.Supplier;

/**
 * Runs a handler's blocking work (service calls, body reads) off the event loop, on the request's
 * blocking-task executor, inside the request context and with the request's MDC fields in place.
 */
final class Blocking {
    private Blocking() {}

    /** Returns the response {@code work} computes on a blocking-task thread; its failures fail the response. */
    static HttpResponse run(ServiceRequestContext ctx, Supplier<HttpResponse> work) {
        return HttpResponse.of(
                () -> {
                    RequestLogging.Mdc mdc = RequestLogging.mdc(ctx);
                    try {
                        return work.get();
                    } finally {
                        mdc.close();
                    }
                },
                ctx.blockingTaskExecutor());
    }
}
