package io.aetherfs.server.grpc;

import com.google.protobuf.ByteString;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.auth.Caller;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A client stream of one header message followed by data messages (WriteFile, SyncChangesFromTarball).
 * The header opens a blocking consumer on a virtual thread; the data reaches it through a bounded
 * {@link MessagePipe}, and gRPC flow control asks the client for a message only when the pipe has room.
 * When the client cancels or breaks the protocol, the consumer's read fails, so nothing is committed.
 */
final class UploadStream<Req, H, Resp> implements StreamObserver<Req> {
    /** Messages requested ahead of the consumer (each at most the 16 MiB message limit, normally 1 MiB). */
    static final int WINDOW = 4;

    /** Consumes the whole body and returns the answer. */
    @FunctionalInterface
    interface Consumer<Resp> {
        Resp consume(InputStream body) throws IOException;
    }

    /** Checks the header and returns the consumer of the data that follows. */
    @FunctionalInterface
    interface Opener<H, Resp> {
        Consumer<Resp> open(Caller caller, H header);
    }

    private final StreamObserver<Resp> out;
    private final ServerCallStreamObserver<Resp> call;
    private final Caller caller;
    private final Function<Req, H> header;
    private final Function<Req, ByteString> data;
    private final Opener<H, Resp> opener;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final MessagePipe pipe;
    private volatile boolean clientGone;
    private boolean opened;

    private UploadStream(
            StreamObserver<Resp> out,
            Caller caller,
            Function<Req, H> header,
            Function<Req, ByteString> data,
            Opener<H, Resp> opener) {
        this.out = out;
        this.call = out instanceof ServerCallStreamObserver<Resp> c ? c : null;
        this.caller = caller;
        this.header = header;
        this.data = data;
        this.opener = opener;
        this.pipe = new MessagePipe(WINDOW, call == null ? () -> {} : () -> call.request(1));
    }

    /**
     * Returns the request observer of an upload call. {@code header} and {@code data} return a message's header
     * or data, or null when the message holds the other (or nothing).
     */
    static <Req, H, Resp> StreamObserver<Req> start(
            StreamObserver<Resp> out, Function<Req, H> header, Function<Req, ByteString> data, Opener<H, Resp> opener) {
        Caller caller;
        try {
            caller = Callers.current();
        } catch (Throwable t) {
            out.onError(GrpcCalls.error(t));
            return new UploadStream<>(out, null, header, data, opener).answeredAlready();
        }
        UploadStream<Req, H, Resp> upload = new UploadStream<>(out, caller, header, data, opener);
        if (upload.call != null) {
            upload.call.disableAutoRequest();
            upload.call.setOnCancelHandler(() -> upload.abandon(new IOException("the client cancelled the upload")));
            upload.call.request(1); // the header
        }
        return upload;
    }

    @Override
    public void onNext(Req message) {
        if (answered.get()) {
            return;
        }
        if (!opened) {
            opened = true;
            H h = header.apply(message);
            if (h == null) {
                reject("the first message of the stream must be its header");
                return;
            }
            Consumer<Resp> consumer;
            try {
                consumer = opener.open(caller, h);
            } catch (Throwable t) {
                answer(null, t);
                return;
            }
            GrpcCalls.fork("afs-grpc-upload", () -> consume(consumer));
            if (call != null) {
                call.request(WINDOW);
            }
            return;
        }
        ByteString bytes = data.apply(message);
        if (bytes == null) {
            reject("only the first message of the stream may be a header; the others carry data");
            return;
        }
        pipe.put(bytes);
    }

    @Override
    public void onError(Throwable t) {
        abandon(new IOException("the upload stream failed", t));
    }

    @Override
    public void onCompleted() {
        if (!opened) {
            reject("the stream ended before its header");
            return;
        }
        pipe.finish();
    }

    private void consume(Consumer<Resp> consumer) {
        Resp result;
        try {
            result = consumer.consume(pipe);
        } catch (Throwable t) {
            answer(null, t);
            return;
        } finally {
            pipe.close();
        }
        answer(result, null);
    }

    /** Ends the upload because the client went away: the consumer fails and nobody is answered. */
    private void abandon(IOException why) {
        clientGone = true;
        pipe.fail(why);
    }

    /** Answers a protocol violation and makes the consumer, if any, fail without committing. */
    private void reject(String message) {
        answer(null, AfsException.invalid(message));
        pipe.fail(new IOException(message));
    }

    private void answer(Resp result, Throwable error) {
        if (clientGone || !answered.compareAndSet(false, true)) {
            return;
        }
        if (error != null) {
            out.onError(GrpcCalls.error(error));
        } else {
            out.onNext(result);
            out.onCompleted();
        }
    }

    private UploadStream<Req, H, Resp> answeredAlready() {
        answered.set(true);
        return this;
    }
}
