package io.aetherfs.core.engine;

import java.time.Duration;

/**
 * Tuning of the engine: cache budgets, how many loaded sessions to keep, and when the background
 * flusher folds an idle session's log into stored nodes.
 */
public record EngineConfig(
        long chunkCacheBytes,
        long extentCacheBytes,
        long maxCachedSessions,
        Duration sessionIdleEviction,
        Duration flushAfterIdle,
        Duration flushInterval) {
    public static final EngineConfig DEFAULT = new EngineConfig(
            256L << 20, 64L << 20, 20_000, Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(1));
}
