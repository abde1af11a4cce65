package io.aetherfs.service.persistence;

import io.aetherfs.core.merge.MergeConflict;
import io.aetherfs.core.model.ChangeStats;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import java.util.List;

/** The outcome of a merge as the API reports it (spec §6.5). */
public record MergeReport(
        Result result,
        SessionId target,
        SessionId source,
        String ancestorFingerprint,
        String fingerprint,
        List<ChangeEntry> applied,
        boolean truncated,
        List<FsPath> lineMerged,
        List<Conflict> conflicts,
        ChangeStats stats) {
    /** MERGE_RESULT_* values. */
    public enum Result {
        MERGED,
        UP_TO_DATE,
        CONFLICT,
        DRY_RUN
    }

    /** A conflict with the hashes of its three versions ("" where absent). */
    public record Conflict(
            FsPath path,
            MergeConflict.Kind kind,
            String ancestorHash,
            String oursHash,
            String theirsHash,
            boolean textMergeAttempted) {}
}
