package io.aetherfs.core.spi;

import io.aetherfs.core.model.TenantId;
import java.util.function.Consumer;

/**
 * The notifier SPI: tells every server node sharing the stores that a stream of rows advanced
 * ("session X has bus messages up to sequence N"). A notice carries no data; receivers read the rows
 * they need from the {@link MetaStore}. In embedded mode notices stay in the process; in scale-out
 * mode they travel through PostgreSQL {@code LISTEN/NOTIFY}.
 *
 * <p>Delivery: every subscriber of every node sharing the backend, including the publishing node,
 * receives each notice at most once and usually exactly once, in publication order for notices
 * published by one node. Notices may be lost when a node or the backend connection fails, so a
 * consumer must be able to catch up from the rows (the next notice, or a periodic re-read, carries
 * a higher sequence). A notice is published only after the rows it announces are committed.
 *
 * <p>Listeners run on the notifier's delivery thread, one notice at a time: they must return quickly
 * and must not block on other notices. A listener that throws is logged and keeps its subscription.
 * Implementations are thread-safe; {@link #publish} never blocks on listeners.
 */
public interface Notifier extends AutoCloseable {
    /** The longest stream name, in characters of printable ASCII. */
    int MAX_STREAM_CHARS = 200;

    /**
     * Announces that {@code notice.stream()} of {@code notice.tenant()} advanced to {@code notice.sequence()}.
     * Returns without waiting for delivery. Throws UNAVAILABLE if the notifier is closed.
     */
    void publish(Notice notice);

    /** Registers a listener for every notice of every tenant; closing the handle unregisters it. */
    Subscription subscribe(Consumer<Notice> listener);

    /** Stops delivery and releases connections; publishing afterwards fails. Closing twice is harmless. */
    @Override
    void close();

    /**
     * One announcement: a tenant, a stream name (for example {@code bus/<sessionId>}; 1 to
     * {@link #MAX_STREAM_CHARS} printable ASCII characters without spaces) and the stream's new
     * highest sequence.
     */
    record Notice(TenantId tenant, String stream, long sequence) {
        public Notice {
            if (tenant == null) {
                throw new IllegalArgumentException("a notice needs a tenant");
            }
            if (stream == null
                    || stream.isEmpty()
                    || stream.length() > MAX_STREAM_CHARS
                    || !stream.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(
                        "a notice stream is 1-" + MAX_STREAM_CHARS + " printable ASCII characters, got: " + stream);
            }
        }
    }

    /** A registered listener. */
    interface Subscription extends AutoCloseable {
        /** Unregisters the listener: it receives no notice published after this returns. Closing twice is harmless. */
        @Override
        void close();
    }
}
