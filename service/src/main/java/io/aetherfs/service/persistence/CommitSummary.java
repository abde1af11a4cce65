package io.aetherfs.service.persistence;

import io.aetherfs.core.model.ChangeStats;
import io.aetherfs.core.model.CommitId;
import java.util.List;

/** What changed since the last commit (or the base), without committing (spec §6.4). */
public record CommitSummary(
        CommitId sinceCommitId,
        String fromFingerprint,
        String toFingerprint,
        List<ChangeEntry> changes,
        boolean truncated,
        ChangeStats stats,
        String summary) {}
