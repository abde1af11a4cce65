package io.aetherfs.store.sql.postgres;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th wait is uniform in [0, min(cap, base·2^(n-1))], so
 * writers that collided spread out instead of colliding again in lockstep.
 */
record Backoff(Duration base, Duration cap) {
    /** Returns the wait before retry number {@code attempt} (1 for the first retry). */
    Duration delay(int attempt) {
        long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(attempt - 1, 30));
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** Sleeps for {@link #delay(int)}. */
    void sleep(int attempt) throws InterruptedException {
        Duration d = delay(attempt);
        Thread.sleep(d);
    }
}
