package io.aetherfs.service.bus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide bus figures its metrics report: the bytes every subscription on this node holds (replay
 * pages, live queues and frames in transports) and the most it ever held at once, and how many
 * subscribers were ended as too slow.
 */
final class BusMeters {
    final AtomicLong heldBytes = new AtomicLong();
    final AtomicLong peakHeldBytes = new AtomicLong();
    final AtomicLong slowSubscribers = new AtomicLong();

    /** Adds {@code delta} to the held bytes, keeping the peak. */
    void held(long delta) {
        long now = heldBytes.addAndGet(delta);
        if (delta > 0) {
            peakHeldBytes.accumulateAndGet(now, Math::max);
        }
    }
}
