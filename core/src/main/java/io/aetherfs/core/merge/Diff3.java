package io.aetherfs.core.merge;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Walks the ancestor→ours and ancestor→theirs hunks together and builds the merged file, the decision half of the
 * line merge.
 *
 * <p>Hunks of both sides are grouped into clusters: a cluster grows while the next hunk of either side overlaps or
 * touches it in the ancestor (touching includes two insertions at the same place, or an insertion right next to a
 * changed range). A cluster with hunks of one side only takes that side. A cluster with hunks of both sides is
 * resolved only when both sides turn the cluster's ancestor lines into the very same lines; otherwise it is a
 * conflict. Like git, this is conservative on purpose: adjacent edits are not guessed at.
 */
final class Diff3 {

    private final Lines base;
    private final Lines ours;
    private final Lines theirs;
    private final List<Hunk> oursHunks;
    private final List<Hunk> theirsHunks;
    private final ByteArrayOutputStream out;
    private int basePos; // ancestor lines before this index are already written
    private int conflicts;

    private Diff3(Lines base, Lines ours, Lines theirs, List<Hunk> oursHunks, List<Hunk> theirsHunks, int capacity) {
        this.base = base;
        this.ours = ours;
        this.theirs = theirs;
        this.oursHunks = oursHunks;
        this.theirsHunks = theirsHunks;
        this.out = new ByteArrayOutputStream(capacity);
    }

    /** Returns the merge of both sides' hunks over {@code base}; {@code capacity} sizes the output buffer. */
    static LineMergeResult merge(
            Lines base, Lines ours, Lines theirs, List<Hunk> oursHunks, List<Hunk> theirsHunks, int capacity) {
        return new Diff3(base, ours, theirs, oursHunks, theirsHunks, capacity).run();
    }

    /** Returns the result of walking every cluster in ancestor order. */
    private LineMergeResult run() {
        int i = 0;
        int j = 0;
        while (i < oursHunks.size() || j < theirsHunks.size()) {
            int lo = Math.min(startOf(oursHunks, i), startOf(theirsHunks, j));
            int hi = lo;
            int iEnd = i;
            int jEnd = j;
            while (true) { // touching counts, hence <= rather than <
                if (iEnd < oursHunks.size() && oursHunks.get(iEnd).oldStart() <= hi) {
                    hi = Math.max(hi, oursHunks.get(iEnd++).oldEnd());
                } else if (jEnd < theirsHunks.size() && theirsHunks.get(jEnd).oldStart() <= hi) {
                    hi = Math.max(hi, theirsHunks.get(jEnd++).oldEnd());
                } else {
                    break;
                }
            }
            resolve(lo, hi, i, iEnd, j, jEnd);
            i = iEnd;
            j = jEnd;
        }
        if (conflicts > 0) {
            return new LineMergeResult.Conflict(conflicts);
        }
        base.writeTo(out, basePos, base.size());
        return new LineMergeResult.Clean(out.toByteArray());
    }

    /** Writes the cluster over ancestor lines {@code [lo, hi)}, or counts it as a conflict. */
    private void resolve(int lo, int hi, int i, int iEnd, int j, int jEnd) {
        boolean oursChanged = i < iEnd;
        boolean theirsChanged = j < jEnd;
        if (oursChanged && theirsChanged && !sameImage(lo, hi, i, iEnd, j, jEnd)) {
            conflicts++;
            return;
        }
        base.writeTo(out, basePos, lo);
        if (oursChanged) {
            writeImage(ours, oursHunks, i, iEnd, lo, hi);
        } else {
            writeImage(theirs, theirsHunks, j, jEnd, lo, hi);
        }
        basePos = hi;
    }

    /** Writes what {@code hunks[from, to)} of {@code side} make of ancestor lines {@code [lo, hi)}. */
    private void writeImage(Lines side, List<Hunk> hunks, int from, int to, int lo, int hi) {
        int cursor = lo;
        for (int k = from; k < to; k++) {
            Hunk hunk = hunks.get(k);
            base.writeTo(out, cursor, hunk.oldStart());
            side.writeTo(out, hunk.newStart(), hunk.newEnd());
            cursor = hunk.oldEnd();
        }
        base.writeTo(out, cursor, hi);
    }

    /** Returns whether ours' and theirs' hunks of the cluster turn ancestor lines {@code [lo, hi)} into equal lines. */
    private boolean sameImage(int lo, int hi, int i, int iEnd, int j, int jEnd) {
        int[] mine = image(ours, oursHunks, i, iEnd, lo, hi);
        int[] other = image(theirs, theirsHunks, j, jEnd, lo, hi);
        return Arrays.equals(mine, other); // ids are shared by all three versions, so equal ids are equal bytes
    }

    /** Returns the line ids that {@code hunks[from, to)} of {@code side} make of ancestor lines {@code [lo, hi)}. */
    private int[] image(Lines side, List<Hunk> hunks, int from, int to, int lo, int hi) {
        int length = hi - lo;
        for (int k = from; k < to; k++) {
            Hunk hunk = hunks.get(k);
            length += (hunk.newEnd() - hunk.newStart()) - (hunk.oldEnd() - hunk.oldStart());
        }
        int[] ids = new int[length];
        int n = 0;
        int cursor = lo;
        for (int k = from; k < to; k++) {
            Hunk hunk = hunks.get(k);
            n = copyIds(base, cursor, hunk.oldStart(), ids, n);
            n = copyIds(side, hunk.newStart(), hunk.newEnd(), ids, n);
            cursor = hunk.oldEnd();
        }
        copyIds(base, cursor, hi, ids, n);
        return ids;
    }

    /** Copies the ids of lines {@code [from, to)} of {@code lines} into {@code target} at {@code n}; returns the new n. */
    private static int copyIds(Lines lines, int from, int to, int[] target, int n) {
        System.arraycopy(lines.ids(), from, target, n, to - from);
        return n + to - from;
    }

    /** Returns the ancestor start of hunk {@code index}, or {@code Integer.MAX_VALUE} past the end of the list. */
    private static int startOf(List<Hunk> hunks, int index) {
        return index < hunks.size() ? hunks.get(index).oldStart() : Integer.MAX_VALUE;
    }
}
