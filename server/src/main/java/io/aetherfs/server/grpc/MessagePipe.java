package io.aetherfs.server.grpc;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded hand-over of streamed messages from the gRPC listener to a reading thread, as an InputStream.
 * It holds at most {@code capacity} messages; {@code onTake} runs after the reader takes one, so flow
 * control can ask the client for the next. A failure makes every later read throw; after
 * {@link #close()} further messages are dropped.
 */
final class MessagePipe extends InputStream {
    private static final ByteString END = ByteString.copyFromUtf8("end");
    private static final ByteString FAILED = ByteString.copyFromUtf8("failed");

    private final BlockingQueue<ByteString> queue;
    private final Runnable onTake;
    private volatile IOException failure;
    private volatile boolean closed;
    private InputStream current = InputStream.nullInputStream();
    private boolean ended;

    MessagePipe(int capacity, Runnable onTake) {
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // room for the end marker behind a full window
        this.onTake = onTake;
    }

    /** Hands over one message, waiting for room (which flow control normally guarantees). */
    void put(ByteString data) {
        if (closed || failure != null) {
            return;
        }
        try {
            queue.put(data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new InterruptedIOException("interrupted while handing over upload data"));
        }
    }

    /** Marks the end of the data. */
    void finish() {
        if (!closed && failure == null) {
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(new InterruptedIOException("interrupted while ending the upload"));
            }
        }
    }

    /** Makes the reader fail with {@code why} (at once if it is waiting). */
    void fail(IOException why) {
        if (failure == null) {
            failure = why;
        }
        queue.offer(FAILED);
    }

    /** Drops what is queued and whatever still arrives. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (failure != null) {
                throw failure;
            }
            int n = current.read(b, off, len);
            if (n > 0) {
                return n;
            }
            if (ended) {
                return -1;
            }
            next();
        }
    }

    private void next() throws IOException {
        ByteString m;
        try {
            m = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading upload data");
        }
        if (m == FAILED) {
            throw failure;
        }
        if (m == END) {
            ended = true;
            return;
        }
        current = m.newInput();
        onTake.run();
    }
}
