package io.aetherfs.server.http;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.auth.Caller;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The handler of a JSON route bound to a unary RPC: reads the body (up to the JSON limit), binds it with
 * the path and query into the RPC's request message, calls the gRPC implementation in-process and prints
 * its response as proto3 JSON. On routes whose request has an {@code expected_hash}, an
 * {@code If-Match: "<hash>"} header supplies it, and a stale hash is answered 412 (reason kept) instead of
 * 409. POSTs sent with an {@code Idempotency-Key} go through {@link Idempotency}.
 * The work runs on the request's blocking-task executor.
 */
final class JsonRoute implements Route.Handler {
    static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

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
        String ifMatch = ctx.request().headers().get(HttpHeaderNames.IF_MATCH);
        FieldDescriptor expected = request.getDescriptorForType().findFieldByName("expected_hash");
        boolean hashFromHeader = ifMatch != null
                && !ifMatch.trim().equals("*")
                && expected != null
                && expected.getJavaType() == FieldDescriptor.JavaType.STRING;
        if (hashFromHeader) {
            request = request.toBuilder()
                    .setField(expected, ifMatchHash(ifMatch, (String) request.getField(expected)))
                    .build();
        }
        CollectingObserver<Message> observer = new CollectingObserver<>();
        ctx.whenRequestCancelling().thenRun(observer::cancel);
        Message response;
        try {
            response = call.invoke(request, observer).join();
        } catch (CompletionException e) {
            Status s = hashFromHeader && HttpErrors.unwrap(e) instanceof StatusRuntimeException failure
                    ? StatusProto.fromThrowable(failure)
                    : null;
            if (s != null && s.getDetailsList().stream().anyMatch(JsonRoute::isStaleHash)) {
                return new Reply(412, Reply.JSON, HttpErrors.json(s).getBytes(StandardCharsets.UTF_8));
            }
            throw e;
        }
        try {
            return Reply.json(PRINTER.print(response));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + call.fullName() + " response", e);
        }
    }

    /**
     * Returns the content hash of an {@code If-Match: "<hash>"} header, the header form of
     * {@code expectedHash} (spec §4, §8.9: a mismatch is 412, reason kept), as the raw PUT takes it.
     */
    private static String ifMatchHash(String header, String fromRequest) {
        String tag = header.trim();
        if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"") || tag.contains(",")) {
            throw AfsException.invalid("If-Match must be one quoted content hash (\"<sha256 hex>\")");
        }
        String hash = tag.substring(1, tag.length() - 1);
        if (!fromRequest.isEmpty() && !fromRequest.equals(hash)) {
            throw AfsException.invalid("If-Match and expectedHash name different hashes");
        }
        return hash;
    }

    private static boolean isStaleHash(Any detail) {
        try {
            return detail.is(ErrorInfo.class)
                    && detail.unpack(ErrorInfo.class).getReason().equals(Reason.STALE_EXPECTED_HASH.name());
        } catch (InvalidProtocolBufferException e) {
            return false;
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
