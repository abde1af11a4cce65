package io.aetherfs.bench.collab;

import java.util.Arrays;

/** A growable array of latency samples in nanoseconds, with nearest-rank percentiles in milliseconds. */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int size() {
        return size;
    }

    /** Returns the {@code q}-quantile (0 < q ≤ 1) in milliseconds, or NaN without samples. */
    synchronized double millis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
