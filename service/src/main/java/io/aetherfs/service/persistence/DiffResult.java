package io.aetherfs.service.persistence;

import io.aetherfs.core.model.ChangeStats;
import java.util.List;

/** One page of a diff, with the fingerprints compared and the statistics of the whole diff. */
public record DiffResult(
        String against,
        String fromFingerprint,
        String toFingerprint,
        List<ChangeEntry> changes,
        ChangeStats stats,
        String nextPageToken) {}
