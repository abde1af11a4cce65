package io.aetherfs.server.http;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The handler of a JSON route bound to a unary RPC: reads the body (up to the JSON limit), binds it with
 * the path and query into the RPC's request message, calls the gRPC implementation in-process and prints
 * its response as proto3 JSON. On routes whose request has an {@code expected_hash}, an
 * {@code If-Match: "<hash>"} header supplies it, and a stale hash is answered 412 (reason kept) instead of
 * 409 ({@link Preconditions}). POSTs sent with an {@code Idempotency-Key} go through {@link Idempotency}.
 * The work runs on the request's blocking-task executor.
 */
final class JsonRoute implements Route.Handler {
    static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final Preconditions NONE = new Preconditions(null, false, false, false);

    private final UnaryCall call;
    private final boolean hasBody;
    private final long maxBodyBytes;
    private final Idempotency idempotency;
    private final boolean selfTimed;

    /**
     * @param selfTimed whether the RPC bounds its own duration past the server's request timeout (a blocking
     *     lock wait of up to 300 s), so the request timeout is lifted for it
     */
    JsonRoute(UnaryCall call, boolean hasBody, long maxBodyBytes, Idempotency idempotency, boolean selfTimed) {
        this.call = call;
        this.hasBody = hasBody;
        this.maxBodyBytes = maxBodyBytes;
        this.idempotency = idempotency;
        this.selfTimed = selfTimed;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        if (selfTimed) {
            ctx.clearRequestTimeout();
        }
        return Blocking.run(ctx, () -> respond(ctx, req, params).toResponse());
    }

    private Reply respond(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        Caller caller = Callers.of(ctx);
        byte[] body = hasBody ? Bodies.read(req, maxBodyBytes) : new byte[0];
        JsonBinder.Input in = new JsonBinder.Input(
                body,
                params,
                UrlDecoding.query(ctx),
                req.headers().get("x-aetherfs-lock-token"),
                req.method() == HttpMethod.PATCH);
        String key = req.headers().get("idempotency-key");
        if (key == null || req.method() != HttpMethod.POST) {
            return invoke(ctx, in);
        }
        byte[] request = concat((ctx.query() == null ? "" : ctx.query()) + "\n", body);
        return idempotency.run(caller, req.method() + " " + ctx.path(), key, request, () -> invoke(ctx, in));
    }

    private Reply invoke(ServiceRequestContext ctx, JsonBinder.Input in) {
        Message request = JsonBinder.bind(call.requestPrototype(), in);
        FieldDescriptor expected = request.getDescriptorForType().findFieldByName("expected_hash");
        Preconditions pre = expected != null && expected.getJavaType() == FieldDescriptor.JavaType.STRING
                ? Preconditions.forRequest(ctx.request().headers(), (String) request.getField(expected))
                : NONE;
        if (pre.hashFromHeader()) {
            request = request.toBuilder().setField(expected, pre.expectedHash()).build();
        }
        CollectingObserver<Message> observer = new CollectingObserver<>();
        ctx.whenRequestCancelling().thenRun(observer::cancel);
        Message response;
        try {
            response = call.invoke(request, observer).join();
        } catch (CompletionException e) {
            throw pre.translate(e);
        }
        try {
            return Reply.json(PRINTER.print(response));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + call.fullName() + " response", e);
        }
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }
}
