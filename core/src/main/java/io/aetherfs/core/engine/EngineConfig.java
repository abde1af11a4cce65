package io.aetherfs.core.engine;

import java.time.Duration;

/**
 * Tuning of the engine: cache budgets, how many loaded sessions to keep, and when the background
 * flusher folds an idle session's log into stored nodes.
 */
public record EngineConfig(
        long chunkCacheBytes,
        long extentCacheBytes,
        long canonicalMemoEntries,
        long maxCachedSessions,
        Duration sessionIdleEviction,
        Duration flushAfterIdle,
        Duration flushInterval) {
    private static final long MIB = 1L << 20;

    /** The budgets for a server with a 2 GiB heap or more. */
    public static final EngineConfig DEFAULT = new EngineConfig(
            256 * MIB,
            64 * MIB,
            1_000_000,
            20_000,
            Duration.ofMinutes(10),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1));

    /**
     * Returns the budgets for a JVM whose heap is bounded by {@code maxHeapBytes}: together the caches
     * take at most about a quarter of it (chunks an eighth, inline extents a 32nd, canonical-hash memos
     * a 16th at about 200 bytes each, loaded sessions a 32nd at about 32 KiB each), never more than
     * {@link #DEFAULT}, so the rest of the heap stays for requests in flight.
     */
    public static EngineConfig forHeap(long maxHeapBytes) {
        return new EngineConfig(
                clamp(maxHeapBytes / 8, 16 * MIB, DEFAULT.chunkCacheBytes),
                clamp(maxHeapBytes / 32, 4 * MIB, DEFAULT.extentCacheBytes),
                clamp(maxHeapBytes / 16 / 200, 10_000, DEFAULT.canonicalMemoEntries),
                clamp(maxHeapBytes / 32 / (32 * 1024), 1_000, DEFAULT.maxCachedSessions),
                DEFAULT.sessionIdleEviction,
                DEFAULT.flushAfterIdle,
                DEFAULT.flushInterval);
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }
}
