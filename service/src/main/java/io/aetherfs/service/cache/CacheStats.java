package io.aetherfs.service.cache;

/**
 * The statistics of a session's knowledge cache (spec §9.4 GetCacheStats). Entry count and bytes are
 * kept in the same change as every write; entries that expired but were not purged yet still count until
 * the next purge (at most one sweep interval). Hits and misses are those of gets and batch gets: each
 * node counts in memory and adds its counts to the session's stored counts every few seconds, so a get
 * never writes; a node answers with the stored counts plus its own unflushed ones.
 */
public record CacheStats(long entryCount, long totalBytes, long maxValueBytes, long hitCount, long missCount) {}
