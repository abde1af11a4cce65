package io.aetherfs.server.http;

import io.aetherfs.core.error.AfsException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * The response observer handed to a gRPC implementation called in-process for an HTTP request: it
 * collects the single response of a unary call, or the error the implementation reported. It is a
 * {@link ServerCallStreamObserver} so implementations that check for cancellation work unchanged.
 */
final class CollectingObserver<T> extends ServerCallStreamObserver<T> {
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private T value;
    private volatile boolean cancelled;
    private Runnable onCancel;

    /** Returns the future completed by onCompleted (with the response) or onError. */
    CompletableFuture<T> result() {
        return result;
    }

    /** Marks the call cancelled (the HTTP client went away) and runs the cancel handler, if any. */
    void cancel() {
        cancelled = true;
        Runnable r;
        synchronized (this) {
            r = onCancel;
        }
        if (r != null) {
            r.run();
        }
    }

    @Override
    public synchronized void onNext(T v) {
        if (value != null) {
            result.completeExceptionally(AfsException.internal("a unary call answered more than once", null));
        }
        value = v;
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
        if (value == null) {
            result.completeExceptionally(AfsException.internal("a unary call completed without a response", null));
        } else {
            result.complete(value);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public synchronized void setOnCancelHandler(Runnable handler) {
        this.onCancel = handler;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void disableAutoInboundFlowControl() {}
}
