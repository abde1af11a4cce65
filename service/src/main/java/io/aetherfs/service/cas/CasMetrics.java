package io.aetherfs.service.cas;

import java.time.Instant;

/**
 * The content-addressed store of a tenant, or of all of them (spec §6.13): stored extents and their
 * bytes, the bytes sessions, checkpoints and commits reference, the ratio of the two, the extent size,
 * what the next collection may remove, and when it was counted. See {@link CasStats} for definitions.
 */
public record CasMetrics(
        long blobCount,
        long physicalBytes,
        long logicalBytes,
        double dedupeRatio,
        long extentSizeBytes,
        long pendingGcBlobs,
        long pendingGcBytes,
        Instant computedAt) {}
