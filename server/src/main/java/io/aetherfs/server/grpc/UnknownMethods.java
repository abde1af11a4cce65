package io.aetherfs.server.grpc;

import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.VirtualHostBuilder;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.server.api.ErrorStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The gRPC transport's answer to a call of a service or method the server does not have: gRPC status
 * UNIMPLEMENTED in a headers-only ("Trailers-Only") response, with the same {@code google.rpc.Status}
 * details as every other error, as gRPC servers answer it, instead of the plain HTTP 404 of a path no
 * route takes. It serves only POSTs whose content type is a gRPC one; the HTTP API's own unknown routes
 * under {@code /v1} keep their JSON 404 (its route is more specific), and other requests still meet no
 * route. It calls no service, so like reflection it needs no token.
 */
final class UnknownMethods implements HttpService {
    private static final String GRPC_CONTENT_TYPE = "application/grpc";

    private final Set<String> services;

    /** @param services the full names of the services the server does have ({@code aetherfs.v1.SessionService}) */
    UnknownMethods(Set<String> services) {
        this.services = Set.copyOf(services);
    }

    /** Routes every gRPC call on {@code host} that no service takes to this. */
    void bind(VirtualHostBuilder host) {
        host.route()
                .pathPrefix("/")
                .methods(HttpMethod.POST)
                .matchesHeaders(HttpHeaderNames.CONTENT_TYPE, UnknownMethods::isGrpc)
                .build(this);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        Status status = ErrorStatus.of(new AfsException(ErrorCode.UNIMPLEMENTED, message(ctx.path())));
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set("grpc-status", Integer.toString(status.getCode()))
                .set("grpc-message", percentEncoded(status.getMessage()))
                .set("grpc-status-details-bin", Base64.getEncoder().encodeToString(status.toByteArray()))
                .endOfStream(true) // Trailers-Only: one HEADERS frame that ends the stream, no empty DATA frame
                .build());
    }

    /** Returns what is missing: the whole service, or one method of a service the server has. */
    private String message(String path) {
        String name = printable(path.startsWith("/") ? path.substring(1) : path);
        int slash = name.lastIndexOf('/');
        String service = slash < 0 ? name : name.substring(0, slash);
        if (slash > 0 && services.contains(service)) {
            return "method " + name.substring(slash + 1) + " is not a method of " + service;
        }
        return "service " + service + " is not served here";
    }

    private static boolean isGrpc(String contentType) {
        return contentType.regionMatches(true, 0, GRPC_CONTENT_TYPE, 0, GRPC_CONTENT_TYPE.length());
    }

    private static String printable(String s) {
        String p = s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 200 ? p.substring(0, 200) + "…" : p;
    }

    /** Returns the {@code grpc-message} form of a message: UTF-8, with bytes outside printable ASCII and {@code %} percent-encoded. */
    static String percentEncoded(String message) {
        StringBuilder b = new StringBuilder();
        for (byte c : message.getBytes(StandardCharsets.UTF_8)) {
            if (c >= 0x20 && c < 0x7f && c != '%') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}
