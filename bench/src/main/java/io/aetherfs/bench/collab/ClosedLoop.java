package io.aetherfs.bench.collab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one kind of request flat out from a fixed number of virtual threads (a closed loop, as wrk does):
 * a warmup, then a measured window whose completed requests per second, latency percentiles and failures
 * (answers other than 200, and transport errors) are the result.
 */
final class ClosedLoop {
    private ClosedLoop() {}

    /** One request: given the thread and its running count, returns the HTTP status. */
    @FunctionalInterface
    interface Call {
        int send(int thread, long n);
    }

    /** What a run measured. */
    record Rate(String op, int concurrency, double perSecond, double p50Ms, double p99Ms, long failures) {}

    static Rate run(String op, int concurrency, int warmupSeconds, int seconds, Call call) throws Exception {
        long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Samples latency = new Samples();
        List<Future<?>> threads = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < concurrency; t++) {
                int thread = t;
                threads.add(pool.submit(() -> {
                    for (long n = 0; ; n++) {
                        long begin = System.nanoTime();
                        if (begin >= end) {
                            return null;
                        }
                        int status = call.send(thread, n);
                        long after = System.nanoTime();
                        if (begin >= warmEnd && after <= end) {
                            done.incrementAndGet();
                            latency.add(after - begin);
                            if (status != 200) {
                                failed.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : threads) {
                f.get();
            }
        }
        return new Rate(
                op,
                concurrency,
                done.get() / (double) seconds,
                latency.millis(0.50),
                latency.millis(0.99),
                failed.get());
    }
}
