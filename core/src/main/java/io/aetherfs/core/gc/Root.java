package io.aetherfs.core.gc;

import io.aetherfs.core.tree.Extent;
import java.util.List;

/**
 * One live root of a tenant, named by the key of the record that holds it: the tree nodes it points at
 * and the content extents it names directly (a session's unfolded log ops).
 */
record Root(Kind kind, String name, List<TreeWalker.Start> nodes, List<Extent> extents) {

    /** Which record a root comes from. */
    enum Kind {
        /** A session's working tree: its stored head root plus the extents of its unfolded log. */
        SESSION,
        /** The base root and lineage roots a session keeps for merges. */
        SESSION_ORIGIN,
        CHECKPOINT,
        COMMIT,
        MERGE_BASE,
        /** Content a session's records keep outside its tree (a health report's raw test results). */
        CONTENT_REF,
        /** A source revision's tree. */
        REVISION,
        /** An uploaded source archive waiting for its import (extents only). */
        UPLOAD;

        /** Returns whether roots of this kind count as references of the extents they reach (spec §6.1). */
        boolean counted() {
            return this == SESSION || this == CHECKPOINT || this == COMMIT || this == REVISION;
        }
    }

    Root {
        nodes = List.copyOf(nodes);
        extents = List.copyOf(extents);
    }

    /** Returns what a reference-counting walk of this root covers, so equal roots are walked once. */
    Reach reach() {
        return new Reach(nodes, extents);
    }

    /** The start nodes and direct extents of a root, without its name. */
    record Reach(List<TreeWalker.Start> nodes, List<Extent> extents) {}
}
