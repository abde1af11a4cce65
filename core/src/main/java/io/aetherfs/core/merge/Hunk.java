package io.aetherfs.core.merge;

/**
 * One change found by the line diff: old lines {@code [oldStart, oldEnd)} are replaced by new lines
 * {@code [newStart, newEnd)}.
 *
 * <p>An empty old range is an insertion before line {@code oldStart}; an empty new range is a deletion. A diff's
 * hunks are sorted and separated by at least one unchanged line.
 */
record Hunk(int oldStart, int oldEnd, int newStart, int newEnd) {

    /** Checks that both ranges are well-formed. */
    Hunk {
        if (oldStart < 0 || oldEnd < oldStart || newStart < 0 || newEnd < newStart) {
            throw new IllegalArgumentException(
                    "bad hunk " + oldStart + ".." + oldEnd + " -> " + newStart + ".." + newEnd);
        }
        if (oldStart == oldEnd && newStart == newEnd) {
            throw new IllegalArgumentException("empty hunk at " + oldStart);
        }
    }
}
