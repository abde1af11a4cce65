package io.aetherfs.server.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.server.api.ErrorStatus;
import io.aetherfs.server.grpc.BusMapping;
import io.aetherfs.service.Services;
import io.aetherfs.service.bus.BusMessage;
import io.aetherfs.service.bus.Subscription;
import io.aetherfs.service.session.SessionAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code GET /v1/sessions/{sessionId}/bus}, the HTTP form of Subscribe (spec §8.11, §9.4): the query
 * binds into a SubscribeRequest as for any JSON route, and everything is checked before the first byte,
 * so refusals are ordinary JSON errors. Then the stream: Server-Sent Events when the client accepts
 * {@code text/event-stream}, NDJSON otherwise. {@code Last-Event-ID} resumes as {@code afterSequence}
 * and wins over the query's, since a reconnecting EventSource repeats its original URL.
 * Idle streams get a keepalive every {@code keepalive}; a stream that ends abnormally (which is every
 * end the client did not cause) carries the google.rpc.Status as its last item, written even when the
 * client has stopped reading (a slow subscriber's RESOURCE_EXHAUSTED; frames count against its bound,
 * see {@link Subscription}).
 */
final class BusRoutes {
    private final Services services;
    private final Duration keepalive;

    BusRoutes(Services services) {
        this.services = services;
        this.keepalive = services.bus().settings().keepaliveInterval();
    }

    /** Serves GET S/bus. */
    HttpResponse subscribe(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        ctx.clearRequestTimeout(); // a subscription lasts as long as the client wants
        return Blocking.run(ctx, () -> open(ctx, req, params));
    }

    private HttpResponse open(ServiceRequestContext ctx, HttpRequest req, Map<String, String> params) {
        var caller = Callers.of(ctx);
        SubscribeRequest r = (SubscribeRequest) JsonBinder.bind(
                SubscribeRequest.getDefaultInstance(),
                new JsonBinder.Input(new byte[0], params, UrlDecoding.query(ctx), null, false));
        String lastEventId = req.headers().get(HttpHeaderNames.LAST_EVENT_ID);
        if (lastEventId != null && !lastEventId.isBlank()) {
            r = r.toBuilder().setAfterSequence(sequence(lastEventId)).build(); // a reconnect resumes here
        }
        String accept = String.join(",", req.headers().getAll(HttpHeaderNames.ACCEPT));
        Framing framing = accept.contains("text/event-stream") ? Framing.SSE : Framing.NDJSON;
        Subscription sub =
                services.bus().subscribe(caller, SessionAccess.parseId(r.getSessionId()), BusMapping.options(r));
        HttpResponseWriter out = HttpResponse.streaming();
        out.write(ResponseHeaders.builder(HttpStatus.OK)
                .contentType(framing.type)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("x-accel-buffering", "no") // tell proxies not to buffer the stream
                .build());
        // The response is over once its last byte was written or the client went away: only then does the
        // subscription stop counting the frames the connection still held, and leave the hub.
        ctx.log().whenComplete().thenRun(sub::close);
        Thread.ofVirtual().name("afs-bus-stream").start(ctx.makeContextAware(() -> pump(out, sub, framing)));
        return out;
    }

    /**
     * Copies messages and keepalives to the response until the subscription ends, one frame at a time:
     * each frame is counted by the subscription until the connection took a later one, so what waits in
     * the response counts against the subscriber's bound. When the subscription stops (too slow, archived,
     * shutting down) the final error item is written at once, whether or not the client is reading; it is
     * the only frame written beyond the bound.
     */
    private void pump(HttpResponseWriter out, Subscription sub, Framing framing) {
        try {
            while (out.isOpen()) {
                Optional<BusMessage> m = sub.next(keepalive);
                byte[] frame = m.isPresent()
                        ? framing.message(
                                print(BusMapping.message(m.get())),
                                m.get().sessionId().equals(sub.sessionId())
                                        ? m.get().sequence()
                                        : null)
                        : framing.keepalive();
                if (!sub.sending(frame.length)) {
                    continue; // the subscription ended: next() throws why
                }
                if (!out.tryWrite(HttpData.wrap(frame))) {
                    return;
                }
                awaitTaken(out, sub);
            }
        } catch (AfsException e) {
            if (e.code() != ErrorCode.CANCELLED) {
                out.tryWrite(HttpData.wrap(framing.error(HttpErrors.json(ErrorStatus.of(e)))));
            }
        } catch (RuntimeException e) {
            Status s = ErrorStatus.of(e);
            out.tryWrite(HttpData.wrap(framing.error(HttpErrors.json(s))));
        } finally {
            out.close();
        }
    }

    /**
     * Waits until the client took the last frame (backpressure), the response ended, or the subscription
     * stopped; tells the subscription when the frame was taken.
     */
    private static void awaitTaken(HttpResponseWriter out, Subscription sub) {
        CompletableFuture<Void> taken = out.whenConsumed();
        try {
            CompletableFuture.anyOf(taken, out.whenComplete(), sub.whenStopped())
                    .get();
        } catch (ExecutionException e) {
            return; // the response ended; the loop sees it is no longer open
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (taken.isDone() && !taken.isCompletedExceptionally()) {
            sub.taken();
        }
    }

    private static long sequence(String lastEventId) {
        try {
            long v = Long.parseLong(lastEventId.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AfsException.invalid("Last-Event-ID must be a bus sequence (a non-negative integer)");
    }

    private static String print(Message m) {
        try {
            return JsonRoute.PRINTER.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print a bus message", e);
        }
    }

    /** How messages, keepalives and the final error are written. */
    private enum Framing {
        SSE(MediaType.EVENT_STREAM) {
            @Override
            byte[] message(String json, Long ownSequence) {
                return utf8("event: message\n" + (ownSequence == null ? "" : "id: " + ownSequence + "\n") + "data: "
                        + json + "\n\n");
            }

            @Override
            byte[] keepalive() {
                return utf8(": keepalive\n\n");
            }

            @Override
            byte[] error(String statusJson) {
                return utf8("event: error\ndata: " + statusJson + "\n\n");
            }
        },
        NDJSON(MediaType.parse("application/x-ndjson")) {
            @Override
            byte[] message(String json, Long ownSequence) {
                return utf8("{\"result\":" + json + "}\n");
            }

            @Override
            byte[] keepalive() {
                return utf8("\n");
            }

            @Override
            byte[] error(String statusJson) {
                return utf8("{\"error\":" + statusJson + "}\n");
            }
        };

        final MediaType type;

        Framing(MediaType type) {
            this.type = type;
        }

        /** Returns the frame of one message; {@code ownSequence} (SSE id) is null for other sessions' messages. */
        abstract byte[] message(String json, Long ownSequence);

        abstract byte[] keepalive();

        abstract byte[] error(String statusJson);

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
