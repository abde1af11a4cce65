package io.aetherfs.core.util;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The pauses of a {@link Retry}: exponential backoff with full jitter, capped. The n-th pause is
 * uniform in [0, min(cap, base·2^(n-1))], so writers that collided spread out instead of colliding
 * again in lockstep, and no pause is ever longer than the cap.
 */
public record Backoff(Duration base, Duration cap) {
    /** No pause at all: attempts that ask for one run again at once. */
    public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO);

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
    }

    /** Returns the longest pause before retry number {@code n} (1 for the first pause). */
    public Duration bound(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("pauses are numbered from 1: " + n);
        }
        long base = this.base.toNanos();
        long cap = this.cap.toNanos();
        int shift = n - 1;
        // base·2^shift, or the cap as soon as the doubling would pass it (or overflow)
        boolean fits = shift < Long.numberOfLeadingZeros(base) - 1;
        return Duration.ofNanos(fits ? Math.min(cap, base << shift) : cap);
    }

    /** Returns a random pause before retry number {@code n}, uniform in [0, {@link #bound}(n)]. */
    public Duration delay(int n, RandomGenerator random) {
        long bound = bound(n).toNanos();
        return bound == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(bound + 1));
    }

    /** Sleeps for a random pause before retry number {@code n} (for loops that reconnect forever). */
    public void sleep(int n) throws InterruptedException {
        Thread.sleep(delay(n, ThreadLocalRandom.current()));
    }
}
