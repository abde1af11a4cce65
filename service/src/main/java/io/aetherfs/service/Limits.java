package io.aetherfs.service;

/**
 * The request limits of spec §12 (configurable under {@code [limits]}). The knowledge cache's three
 * (value, key, per-session total) default to 1 MiB, 512 bytes and 256 MiB.
 */
public record Limits(
        long maxFileBytes,
        long maxJsonBodyBytes,
        int maxBatchOperations,
        int maxTagsOrLabels,
        long maxSessionsPerTenant,
        int maxPageSize,
        int defaultPageSize,
        long importMaxEntries,
        long importMaxBytes,
        double importMaxExpansionRatio,
        long maxCacheValueBytes,
        int maxCacheKeyBytes,
        long maxCacheBytesPerSession,
        long maxSecretValueBytes) {
    /** The most bytes a cache key may have: its order-preserving encoding must fit a metadata key. */
    public static final int MAX_CACHE_KEY_BYTES = 700;

    public static final Limits DEFAULT =
            new Limits(5L << 30, 64L << 20, 1000, 64, 10_000, 1000, 100, 1_000_000, 50L << 30, 200.0);

    public Limits {
        if (maxCacheKeyBytes < 1 || maxCacheKeyBytes > MAX_CACHE_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the cache key limit must be 1 to " + MAX_CACHE_KEY_BYTES + " bytes: " + maxCacheKeyBytes);
        }
    }

    /** Limits with the knowledge cache's and the secrets' defaults. */
    public Limits(
            long maxFileBytes,
            long maxJsonBodyBytes,
            int maxBatchOperations,
            int maxTagsOrLabels,
            long maxSessionsPerTenant,
            int maxPageSize,
            int defaultPageSize,
            long importMaxEntries,
            long importMaxBytes,
            double importMaxExpansionRatio) {
        this(
                maxFileBytes,
                maxJsonBodyBytes,
                maxBatchOperations,
                maxTagsOrLabels,
                maxSessionsPerTenant,
                maxPageSize,
                defaultPageSize,
                importMaxEntries,
                importMaxBytes,
                importMaxExpansionRatio,
                1L << 20,
                512,
                256L << 20,
                64L << 10);
    }

    /** Returns these limits with other knowledge-cache limits. */
    public Limits withCache(long valueBytes, int keyBytes, long bytesPerSession) {
        return new Limits(
                maxFileBytes,
                maxJsonBodyBytes,
                maxBatchOperations,
                maxTagsOrLabels,
                maxSessionsPerTenant,
                maxPageSize,
                defaultPageSize,
                importMaxEntries,
                importMaxBytes,
                importMaxExpansionRatio,
                valueBytes,
                keyBytes,
                bytesPerSession,
                maxSecretValueBytes);
    }
}
