package io.aetherfs.service;

/**
 * The request limits of spec §12 (configurable under {@code [limits]}).
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
        long maxSecretValueBytes) {
    public static final Limits DEFAULT =
            new Limits(5L << 30, 64L << 20, 1000, 64, 10_000, 1000, 100, 1_000_000, 50L << 30, 200.0, 64L << 10);
}
