package io.aetherfs.bench.collab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Sends at a fixed rate whatever the answers' latency (an open loop): call {@code i} is due at
 * {@code start + i / rate}, and a pool of virtual threads takes the due calls in order, so a slow answer
 * delays no later call while a sender is free. Reports the rate it achieved over the whole run and the
 * longest a call started after it was due (when the machine cannot keep the rate, both show it).
 */
final class OpenLoop {
    private static final int SENDERS = 64;

    private OpenLoop() {}

    /** The pace a run kept: calls per second from the first due time to the last call's end, and the worst lag. */
    record Pace(double perSecond, double maxLagMs) {}

    /** Runs {@code calls} calls of {@code call} at {@code perSecond}. */
    static Pace run(int perSecond, int calls, IntConsumer call) throws Exception {
        long start = System.nanoTime() + 50_000_000L;
        long interval = 1_000_000_000L / perSecond;
        AtomicInteger next = new AtomicInteger();
        AtomicLong maxLag = new AtomicLong();
        List<Future<?>> senders = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < SENDERS; t++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                        long due = start + i * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else {
                            maxLag.accumulateAndGet(-wait, Math::max);
                        }
                        call.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
        }
        return new Pace(calls / ((System.nanoTime() - start) / 1e9), maxLag.get() / 1e6);
    }
}
