package io.aetherfs.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for a condition that another thread (or process) makes true, polling it with a bounded
 * wait instead of sleeping for a guessed time: it returns as soon as the condition holds and fails with
 * a description of what never happened.
 */
public final class Await {
    private static final long FIRST_PAUSE_NANOS = 100_000; // 0.1 ms, doubling up to MAX_PAUSE_NANOS
    private static final long MAX_PAUSE_NANOS = 20_000_000; // 20 ms

    private Await() {}

    /** Returns once {@code condition} holds; throws AssertionError naming {@code what} after {@code limit}. */
    public static void until(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + limit + " for " + what);
            }
            pause(Math.min(pause, left));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    /**
     * Returns once {@code condition} holds; after {@code limit} throws AssertionError naming {@code what}
     * and the last value {@code state} reported.
     */
    public static void until(Duration limit, String what, BooleanSupplier condition, Supplier<?> state) {
        try {
            until(limit, what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (last seen: " + state.get() + ")", e);
        }
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
