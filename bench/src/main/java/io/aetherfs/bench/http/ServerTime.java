package io.aetherfs.bench.http;

/**
 * Server-side time of a set of requests from the server's own histogram: how many, the mean, and
 * percentiles interpolated inside Micrometer's buckets (ms; the lowest bucket is 0–1 ms, so a
 * percentile under 1 ms is only an estimate).
 */
record ServerTime(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms) {
    static final ServerTime NONE = new ServerTime(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
