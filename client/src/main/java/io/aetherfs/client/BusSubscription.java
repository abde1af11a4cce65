package io.aetherfs.client;

import io.aetherfs.proto.v1.BusMessage;
import io.aetherfs.proto.v1.MessageBusServiceGrpc;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;

/**
 * One open Subscribe stream of a session's message bus, read as a blocking iterator. The call runs in its
 * own cancellable gRPC context, so {@link #close} ends it at once from any thread, also while another
 * thread waits in {@link #hasNext}; a stream the server ends with an error throws {@link AetherFsException}.
 */
public final class BusSubscription implements Iterator<BusMessage>, AutoCloseable {
    private final Iterator<BusMessage> messages;
    private final Context.CancellableContext context;

    private BusSubscription(Iterator<BusMessage> messages, Context.CancellableContext context) {
        this.messages = messages;
        this.context = context;
    }

    static BusSubscription open(MessageBusServiceGrpc.MessageBusServiceBlockingStub stub, SubscribeRequest request) {
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            return new BusSubscription(stub.subscribe(request), context);
        } finally {
            context.detach(previous);
        }
    }

    /** Returns whether another message arrived, waiting for one; false once the subscription is closed. */
    @Override
    public boolean hasNext() {
        try {
            return messages.hasNext();
        } catch (StatusRuntimeException e) {
            if (context.isCancelled()) {
                return false;
            }
            throw AetherFsException.from(e);
        }
    }

    /** Returns the next message, waiting for it. */
    @Override
    public BusMessage next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        return messages.next();
    }

    /** Cancels the stream; idempotent. */
    @Override
    public void close() {
        context.cancel(null);
    }
}
