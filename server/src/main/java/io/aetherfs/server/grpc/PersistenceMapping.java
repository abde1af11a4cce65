package io.aetherfs.server.grpc;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.proto.v1.ChangeKind;
import io.aetherfs.proto.v1.ChangeStats;
import io.aetherfs.proto.v1.Checkpoint;
import io.aetherfs.proto.v1.Commit;
import io.aetherfs.proto.v1.CommitSummary;
import io.aetherfs.proto.v1.DiffResponse;
import io.aetherfs.proto.v1.MergeConflict;
import io.aetherfs.proto.v1.MergeConflictKind;
import io.aetherfs.proto.v1.MergeResolution;
import io.aetherfs.proto.v1.MergeResult;
import io.aetherfs.proto.v1.MergeResultKind;
import io.aetherfs.proto.v1.MergeStrategy;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.persistence.ChangeEntry;
import io.aetherfs.service.persistence.DiffResult;
import io.aetherfs.service.persistence.MergeReport;
import io.aetherfs.service.persistence.MergeRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps checkpoints, commits, change lists, diffs and merges (spec §6.3–§6.5) and parses merge requests. */
final class PersistenceMapping {
    private PersistenceMapping() {}

    static Checkpoint checkpoint(io.aetherfs.core.model.Checkpoint c) {
        var b = Checkpoint.newBuilder()
                .setCheckpointId(c.id().value())
                .setSessionId(c.sessionId().value())
                .setName(Wire.orEmpty(c.name()))
                .setDescription(Wire.orEmpty(c.description()))
                .setFingerprint(Wire.orEmpty(c.fingerprint()))
                .setFileCount(c.fileCount())
                .setTotalBytes(c.totalBytes())
                .setCreatedBy(Wire.orEmpty(c.createdBy()));
        if (c.createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(c.createdAt()));
        }
        return b.build();
    }

    static Commit commit(io.aetherfs.core.model.Commit c) {
        var b = Commit.newBuilder()
                .setCommitId(c.id().value())
                .setSessionId(c.sessionId().value())
                .setParentCommitId(
                        c.parentCommitId() == null ? "" : c.parentCommitId().value())
                .setFingerprint(Wire.orEmpty(c.fingerprint()))
                .setMessage(Wire.orEmpty(c.message()))
                .setAuthor(Wire.orEmpty(c.author()))
                .setStats(stats(c.stats()))
                .setApprovalId(Wire.orEmpty(c.approvalId()));
        if (c.createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(c.createdAt()));
        }
        return b.build();
    }

    static ChangeStats stats(io.aetherfs.core.model.ChangeStats s) {
        if (s == null) {
            return ChangeStats.getDefaultInstance();
        }
        return ChangeStats.newBuilder()
                .setAdded(s.added())
                .setModified(s.modified())
                .setDeleted(s.deleted())
                .setBytes(s.bytes())
                .build();
    }

    static io.aetherfs.proto.v1.ChangeEntry change(ChangeEntry c) {
        return io.aetherfs.proto.v1.ChangeEntry.newBuilder()
                .setPath(c.path().value())
                .setChangeKind(EnumMapping.toProto(c.kind(), "CHANGE_KIND_", ChangeKind.class))
                .setEntryType(FileMapping.type(c.type()))
                .setOldHash(Wire.orEmpty(c.oldHash()))
                .setNewHash(Wire.orEmpty(c.newHash()))
                .setOldSize(c.oldSize())
                .setNewSize(c.newSize())
                .build();
    }

    static CommitSummary summary(io.aetherfs.service.persistence.CommitSummary s) {
        return CommitSummary.newBuilder()
                .setSinceCommitId(
                        s.sinceCommitId() == null ? "" : s.sinceCommitId().value())
                .setFromFingerprint(Wire.orEmpty(s.fromFingerprint()))
                .setToFingerprint(Wire.orEmpty(s.toFingerprint()))
                .addAllChanges(changes(s.changes()))
                .setTruncated(s.truncated())
                .setStats(stats(s.stats()))
                .setSummary(Wire.orEmpty(s.summary()))
                .build();
    }

    static DiffResponse diff(DiffResult d) {
        return DiffResponse.newBuilder()
                .setAgainst(Wire.orEmpty(d.against()))
                .setFromFingerprint(Wire.orEmpty(d.fromFingerprint()))
                .setToFingerprint(Wire.orEmpty(d.toFingerprint()))
                .addAllChanges(changes(d.changes()))
                .setStats(stats(d.stats()))
                .setNextPageToken(d.nextPageToken())
                .build();
    }

    static MergeResult merge(MergeReport r) {
        var b = MergeResult.newBuilder()
                .setResult(EnumMapping.toProto(r.result(), "MERGE_RESULT_", MergeResultKind.class))
                .setTargetSessionId(r.target().value())
                .setSourceSessionId(r.source().value())
                .setAncestorFingerprint(Wire.orEmpty(r.ancestorFingerprint()))
                .setFingerprint(Wire.orEmpty(r.fingerprint()))
                .addAllApplied(changes(r.applied()))
                .setTruncated(r.truncated())
                .setStats(stats(r.stats()));
        r.lineMerged().forEach(p -> b.addLineMerged(p.value()));
        for (MergeReport.Conflict c : r.conflicts()) {
            b.addConflicts(MergeConflict.newBuilder()
                    .setPath(c.path().value())
                    .setKind(EnumMapping.toProto(c.kind(), "MERGE_CONFLICT_KIND_", MergeConflictKind.class))
                    .setAncestorHash(Wire.orEmpty(c.ancestorHash()))
                    .setOursHash(Wire.orEmpty(c.oursHash()))
                    .setTheirsHash(Wire.orEmpty(c.theirsHash()))
                    .setTextMergeAttempted(c.textMergeAttempted()));
        }
        return b.build();
    }

    /**
     * Returns a merge of {@code source} into {@code target}: strategy FAIL_ON_CONFLICT when unspecified, line
     * merge on unless explicitly false, every resolution OURS or THEIRS.
     */
    static MergeRequest mergeRequest(
            SessionId target,
            SessionId source,
            MergeStrategy strategy,
            Map<String, MergeResolution> resolutions,
            Boolean lineMerge,
            boolean dryRun,
            boolean requireDescendant,
            LockToken lockToken) {
        TreeMerge.Strategy s = EnumMapping.toCoreOrNull(
                strategy, "MERGE_STRATEGY_", TreeMerge.Strategy.class, "strategy", ErrorCode.INVALID_ARGUMENT);
        Map<FsPath, TreeMerge.Side> sides = new LinkedHashMap<>();
        resolutions.forEach((path, side) -> sides.put(
                Wire.path(path),
                EnumMapping.toCore(side, "MERGE_RESOLUTION_", TreeMerge.Side.class, "resolution of " + path)));
        return new MergeRequest(
                target,
                source,
                s == null ? TreeMerge.Strategy.FAIL_ON_CONFLICT : s,
                sides,
                lineMerge == null || lineMerge,
                dryRun,
                requireDescendant,
                lockToken);
    }

    private static List<io.aetherfs.proto.v1.ChangeEntry> changes(List<ChangeEntry> cs) {
        return cs.stream().map(PersistenceMapping::change).toList();
    }
}
