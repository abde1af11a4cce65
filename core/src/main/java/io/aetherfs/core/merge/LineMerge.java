package io.aetherfs.core.merge;

import java.util.List;
import java.util.Objects;

/**
 * Line-level three-way merge (diff3) of one file that both sides of a session merge changed differently
 * (CONTROL_PLANE §8.5 "Line merge").
 *
 * <p>Both sides are diffed against the ancestor line by line ({@link LineDiff}); hunks that one side changed alone
 * are taken from that side, hunks changed identically on both sides are taken once, and hunks that overlap or touch
 * with different results make the file a conflict ({@link Diff3}). Lines end after each {@code '\n'} and compare
 * byte for byte, so CRLF files and a last line without a newline come through unchanged. Callers decide with
 * {@link #isText} whether a line merge applies at all. Stateless and thread-safe.
 */
public final class LineMerge {

    /** The largest version, in bytes, that still counts as text: 8 MiB. */
    public static final int MAX_TEXT_BYTES = 8 * 1024 * 1024;

    private LineMerge() {}

    /**
     * Returns whether {@code data} counts as text for a line merge: at most {@link #MAX_TEXT_BYTES} bytes, strictly
     * well-formed UTF-8 (no overlong forms, surrogates or truncated sequences) and free of NUL bytes.
     */
    public static boolean isText(byte[] data) {
        Objects.requireNonNull(data, "data");
        return data.length <= MAX_TEXT_BYTES && Utf8Text.isNulFreeWellFormed(data);
    }

    /**
     * Returns the diff3 merge of {@code ours} and {@code theirs} against their common {@code ancestor}: {@link
     * LineMergeResult.Clean} with the merged bytes when no changed hunks collide, otherwise {@link
     * LineMergeResult.Conflict} with the number of colliding hunks. The inputs are not modified. With an empty ancestor
     * (both sides added the file) any two non-empty versions collide, so the merge is clean only when they are equal.
     */
    public static LineMergeResult merge(byte[] ancestor, byte[] ours, byte[] theirs) {
        Objects.requireNonNull(ancestor, "ancestor");
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(theirs, "theirs");
        LineInterner interner = new LineInterner();
        Lines base = Lines.split(ancestor, interner);
        Lines oursLines = Lines.split(ours, interner);
        Lines theirsLines = Lines.split(theirs, interner);
        List<Hunk> oursHunks = LineDiff.diff(base.ids(), oursLines.ids());
        List<Hunk> theirsHunks = LineDiff.diff(base.ids(), theirsLines.ids());
        int capacity = Math.max(ours.length, theirs.length);
        return Diff3.merge(base, oursLines, theirsLines, oursHunks, theirsHunks, capacity);
    }
}
