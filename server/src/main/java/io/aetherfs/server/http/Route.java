package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Map;

/**
 * One entry of the HTTP route table: a method and path template, the operation it serves (the gRPC
 * method's full name, or a name of the HTTP-native handler), and the handler.
 */
record Route(HttpMethod method, PathTemplate path, String operation, Handler handler) {
    /** Serves one matched request; {@code params} are the path variables keyed by proto field name. */
    @FunctionalInterface
    interface Handler {
        HttpResponse serve(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) throws Exception;
    }

    static Route of(HttpMethod method, String template, String operation, Handler handler) {
        return new Route(method, PathTemplate.parse(template), operation, handler);
    }
}
