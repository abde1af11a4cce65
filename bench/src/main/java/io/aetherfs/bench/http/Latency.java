package io.aetherfs.bench.http;

import java.util.Arrays;

/**
 * Client-measured latency of one operation at one tree size (ms), and the same requests' server-side
 * time.
 */
record Latency(
        String op,
        int files,
        int samples,
        double p50,
        double p90,
        double p99,
        double mean,
        double max,
        ServerTime server) {

    /** Summarizes wall times in nanoseconds (nearest-rank percentiles). */
    static Latency of(String op, int files, long[] nanos, ServerTime server) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Latency(
                op,
                files,
                s.length,
                pct(s, 0.50),
                pct(s, 0.90),
                pct(s, 0.99),
                Arrays.stream(s).average().orElse(Double.NaN) / 1e6,
                s[s.length - 1] / 1e6,
                server);
    }

    private static double pct(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
