package io.aetherfs.service.persistence;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.merge.MergeConflict;
import io.aetherfs.core.merge.MergeOutcome;
import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.NodeSource;
import io.aetherfs.core.tree.TreeDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One computed merge of a source tree into a target tree (spec §8.5): the three-way outcome against
 * the chosen ancestor, as the API reports it, plus the target tree it was computed on, so a change can
 * tell whether (and how) it still applies when the target moved on meanwhile.
 */
record MergePlan(
        MergeRequest req,
        Hash sourceRoot,
        Hash recordedBase,
        String ancestorFingerprint,
        DirEntry base,
        MergeOutcome outcome,
        Map<Hash, byte[]> inline,
        List<ChangeEntry> applied,
        List<MergeReport.Conflict> conflicts) {
    private static final int MAX_LISTED = 1000;

    /** The tenant's trees and content as the merge reads them: committed state, or a change's view. */
    record Reader(NodeSource nodes, ContentStore content, Canonical canonical) {}

    /**
     * Merges {@code theirs} (stored as {@code sourceRoot}) into {@code ours} against {@code ancestor},
     * chosen with the pair's merge base {@code recordedBase} (null: none recorded yet).
     */
    static MergePlan compute(
            MergeRequest req,
            Reader r,
            Hash recordedBase,
            DirEntry ancestor,
            DirEntry ours,
            DirEntry theirs,
            Hash sourceRoot) {
        Map<Hash, byte[]> inline = new ConcurrentHashMap<>();
        TextFiles text = new TextFiles(r.content(), inline);
        TreeMerge.Options options =
                new TreeMerge.Options(req.resolutions(), req.strategy(), req.lineMerge(), text::isText, text::merge);
        MergeOutcome outcome = new TreeMerge(r.nodes(), options).merge(ancestor, ours, theirs);
        List<ChangeEntry> applied = new ArrayList<>();
        for (TreeDiff.Change c : outcome.applied()) {
            applied.add(Changes.entry(r.canonical(), c));
        }
        applied.sort(Changes.BY_PATH);
        List<MergeReport.Conflict> conflicts = outcome.conflicts().stream()
                .map(c -> conflict(r.canonical(), c))
                .toList();
        return new MergePlan(
                req,
                sourceRoot,
                recordedBase,
                r.canonical().fingerprint(ancestor),
                ours,
                outcome,
                inline,
                applied,
                conflicts);
    }

    boolean hasConflicts() {
        return !conflicts.isEmpty();
    }

    /**
     * Returns whether the plan was computed against the pair's merge base as it is now, {@code current}
     * (null: none recorded). A merge of the same pair that committed meanwhile moved it, and a plan
     * against the older base could bring back what the target undid since.
     */
    boolean sameBase(Hash current) {
        return java.util.Objects.equals(recordedBase, current);
    }

    /**
     * Returns the merged tree as it applies to {@code current}, the target's tree now: the planned tree
     * if the target did not move, else the planned changes replayed on top of what moved it (a merge
     * of the two against the tree the plan started from), or empty when both touched the same path
     * and the merge must be computed again. A plan with conflicts applies only to an unmoved target.
     */
    Optional<DirEntry> onto(DirEntry current, NodeSource nodes) {
        if (current == base || unchanged(current)) {
            return Optional.of(outcome.merged());
        }
        if (hasConflicts()) {
            return Optional.empty();
        }
        TreeMerge.Options strict = new TreeMerge.Options(
                Map.of(), TreeMerge.Strategy.FAIL_ON_CONFLICT, false, f -> false, (p, o, a, b) -> Optional.empty());
        MergeOutcome replayed = new TreeMerge(nodes, strict).merge(base, current, outcome.merged());
        return replayed.conflicts().isEmpty() ? Optional.of(replayed.merged()) : Optional.empty();
    }

    private boolean unchanged(DirEntry current) {
        return current.attrs().equals(base.attrs()) && current.children().sameAs(base.children());
    }

    /** Returns the report of this plan with the given result and the target's fingerprint after it. */
    MergeReport report(MergeReport.Result result, String fingerprint) {
        boolean truncated = applied.size() > MAX_LISTED;
        return new MergeReport(
                result,
                req.target(),
                req.source(),
                ancestorFingerprint,
                fingerprint,
                truncated ? applied.subList(0, MAX_LISTED) : applied,
                truncated,
                outcome.lineMerged(),
                conflicts.size() > MAX_LISTED ? conflicts.subList(0, MAX_LISTED) : conflicts,
                Changes.stats(applied));
    }

    /** Returns the paths of the first conflicts, as the session's conflict state lists them. */
    List<String> conflictPaths() {
        return conflicts.stream().limit(MAX_LISTED).map(c -> c.path().value()).toList();
    }

    private static MergeReport.Conflict conflict(Canonical canonical, MergeConflict c) {
        return new MergeReport.Conflict(
                c.path(),
                c.kind(),
                hash(canonical, c.ancestor()),
                hash(canonical, c.ours()),
                hash(canonical, c.theirs()),
                c.textMergeAttempted());
    }

    private static String hash(Canonical canonical, Entry e) {
        return Changes.hash(canonical, e);
    }
}
