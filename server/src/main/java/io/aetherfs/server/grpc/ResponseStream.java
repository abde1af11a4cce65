package io.aetherfs.server.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A server-streaming answer that respects gRPC flow control: the messages come from a producer on its own
 * virtual thread, and each send waits until the transport is ready for more, so a slow reader never makes
 * the server buffer a whole file or archive. Without a gRPC call behind the observer (an in-process
 * caller), the producer runs in the calling thread and sends at once.
 */
final class ResponseStream {
    /** Produces the messages of a stream through {@code sink}, which blocks while the client is not reading. */
    @FunctionalInterface
    interface Producer<T> {
        void produce(Sink<T> sink) throws IOException;
    }

    /** A producer that may block waiting for data: told when the client cancels, so it can wake and stop. */
    interface Cancellable {
        /** Called once, on a transport thread, when the client cancels the call. */
        void cancel();
    }

    /** Where a producer sends its messages. */
    @FunctionalInterface
    interface Sink<T> {
        /** Sends one message, first waiting until the client is ready for it. */
        void send(T message) throws IOException;

        /**
         * Waits until the client has taken everything sent so far (the call is ready for more) or until
         * {@code stop} completes, and returns whether it was taken. Without flow control it returns true.
         */
        default boolean awaitTaken(CompletableFuture<?> stop) throws IOException {
            return true;
        }
    }

    private ResponseStream() {}

    /**
     * Prepares the stream in the calling thread (resolving and checking everything, so errors are answered
     * before any message) and then streams what the prepared producer produces.
     */
    static <T> void serve(StreamObserver<T> out, Supplier<Producer<T>> prepare) {
        Producer<T> producer;
        try {
            producer = prepare.get();
        } catch (Throwable t) {
            out.onError(GrpcCalls.error(t));
            return;
        }
        if (out instanceof ServerCallStreamObserver<T> call) {
            Gate gate = new Gate(call);
            call.setOnReadyHandler(gate::signal);
            call.setOnCancelHandler(() -> {
                gate.cancel();
                if (producer instanceof Cancellable c) {
                    c.cancel();
                }
            });
            Sink<T> sink = new Sink<>() {
                @Override
                public void send(T message) throws IOException {
                    gate.awaitReady(null);
                    out.onNext(message);
                }

                @Override
                public boolean awaitTaken(CompletableFuture<?> stop) throws IOException {
                    return gate.awaitReady(stop);
                }
            };
            GrpcCalls.fork("afs-grpc-stream", () -> run(out, gate, sink, producer));
        } else {
            run(out, null, out::onNext, producer);
        }
    }

    private static <T> void run(StreamObserver<T> out, Gate gate, Sink<T> sink, Producer<T> producer) {
        try {
            producer.produce(sink);
        } catch (Throwable t) {
            if (gate == null || !gate.cancelled) {
                out.onError(GrpcCalls.error(t));
            }
            return;
        }
        out.onCompleted();
    }

    /** Waits for the call to become ready, woken by its onReady and onCancel handlers. */
    private static final class Gate {
        private final ServerCallStreamObserver<?> call;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private volatile boolean cancelled;

        Gate(ServerCallStreamObserver<?> call) {
            this.call = call;
        }

        void signal() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void cancel() {
            cancelled = true;
            signal();
        }

        /** Waits until the call is ready, or {@code stop} (if any) completes; returns whether it is ready. */
        boolean awaitReady(CompletableFuture<?> stop) throws IOException {
            if (stop != null) {
                stop.whenComplete((v, t) -> signal());
            }
            lock.lock();
            try {
                // The timeout only bounds a missed wake-up; readiness is always re-checked.
                while (!cancelled && !call.isReady() && (stop == null || !stop.isDone())) {
                    changed.await(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the client to read");
            } finally {
                lock.unlock();
            }
            if (cancelled) {
                throw new IOException("the client cancelled the stream");
            }
            return call.isReady();
        }
    }
}
