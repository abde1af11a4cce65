package io.aetherfs.core.merge;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.TreeDiff;

/** A path changed differently on both sides of a merge, with the three versions (null where absent). */
public record MergeConflict(
        FsPath path, Kind kind, Entry ancestor, Entry ours, Entry theirs, boolean textMergeAttempted) {

    /** How the two sides disagree. */
    public enum Kind {
        CONTENT,
        ADD_ADD,
        MODIFY_DELETE,
        TYPE,
        MODE
    }

    /** Returns the kind of a conflict between two differing changes of one path. */
    static Kind classify(Entry o, Entry a, Entry b) {
        if (a == null || b == null) {
            return Kind.MODIFY_DELETE;
        }
        if (a.type() != b.type()) {
            return Kind.TYPE;
        }
        if (o == null) {
            return Kind.ADD_ADD;
        }
        if (a.attrs().mode() != b.attrs().mode() && TreeDiff.sameForDiff(a.withAttrs(b.attrs()), b)) {
            return Kind.MODE;
        }
        return Kind.CONTENT;
    }
}
