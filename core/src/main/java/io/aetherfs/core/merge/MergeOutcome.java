package io.aetherfs.core.merge;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.TreeDiff;
import java.util.List;

/**
 * The result of a tree merge: the merged tree (meaningful only without unresolved conflicts), the
 * unresolved conflicts, the changes taken from the other side, and the paths merged line by line.
 */
public record MergeOutcome(
        DirEntry merged, List<MergeConflict> conflicts, List<TreeDiff.Change> applied, List<FsPath> lineMerged) {}
