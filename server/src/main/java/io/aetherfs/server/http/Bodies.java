package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Request bodies under a size limit (spec §12). The whole {@code /v1} tree is served without Armeria's
 * own request length limit (which would answer a bare 413), so every handler that reads a body reads it
 * through here: a declared {@code Content-Length} over the limit fails before a byte is read, and a
 * streamed body fails as soon as it passes the limit, both with RESOURCE_EXHAUSTED PAYLOAD_TOO_LARGE (429).
 * Reads block: call them on a blocking-task thread, never on an event loop.
 */
final class Bodies {
    private Bodies() {}

    /** Returns the whole body, at most {@code limit} bytes. */
    static byte[] read(HttpRequest req, long limit) {
        try (InputStream in = stream(req, limit)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the body as a stream that fails once more than {@code limit} bytes have come. */
    static InputStream stream(HttpRequest req, long limit) {
        long declared = req.headers().contentLength();
        if (declared > limit) {
            onEventLoop(req::abort);
            throw HttpErrors.tooLarge(limit);
        }
        return new Limited(req.toInputStream(o -> o instanceof HttpData d ? d : HttpData.empty()), limit, req);
    }

    /**
     * Runs {@code action} (an abort of the request, or closing its stream, which aborts it too) on the
     * request's event loop. Armeria's HTTP/1 decoder checks that the request is open and then writes the
     * next body chunk into it, both on the event loop; an abort from a blocking-task thread can land in
     * between, and the decoder then answers 500 and closes the connection instead of sending our answer.
     */
    private static void onEventLoop(Runnable action) {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx == null || ctx.eventLoop().inEventLoop()) {
            action.run();
        } else {
            ctx.eventLoop().execute(action);
        }
    }

    /** Counts the bytes read and fails past the limit. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private final HttpRequest req;
        private long count;

        Limited(InputStream in, long limit, HttpRequest req) {
            super(in);
            this.limit = limit;
            this.req = req;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            int n;
            try {
                n = super.read(buf, off, len);
            } catch (IOException e) {
                throw new AfsException(ErrorCode.CANCELLED, "the request body ended early: " + e.getMessage());
            }
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > limit) {
                onEventLoop(req::abort);
                throw HttpErrors.tooLarge(limit);
            }
        }

        @Override
        public void close() {
            onEventLoop(() -> {
                try {
                    in.close();
                } catch (IOException e) {
                    // closing only releases buffered chunks and aborts the request
                }
            });
        }
    }
}
