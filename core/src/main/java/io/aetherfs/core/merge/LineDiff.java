package io.aetherfs.core.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the hunks that turn one sequence of interned lines into another, the diff half of the line merge.
 *
 * <p>Before the Myers search it strips the common prefix and suffix and sets aside every line that has no equal
 * line on the other side: such a line can never be part of a common subsequence, so removing it keeps the result
 * minimal while making typical edits (new or deleted lines) and wholly rewritten files nearly free. The search
 * itself runs under a work budget ({@link MyersDiff}).
 */
final class LineDiff {

    /** Work units (diagonals visited plus snake steps) a diff may spend before the rest counts as one change. */
    static final long DEFAULT_BUDGET = 1L << 26;

    private LineDiff() {}

    /** Returns the hunks that turn {@code a} into {@code b} under the default work budget. */
    static List<Hunk> diff(int[] a, int[] b) {
        return diff(a, b, DEFAULT_BUDGET);
    }

    /**
     * Returns the hunks that turn {@code a} into {@code b}: sorted, each separated from the next by at least one
     * unchanged line. Minimal unless {@code budget} runs out, in which case the unexplored ranges become whole hunks.
     */
    static List<Hunk> diff(int[] a, int[] b, long budget) {
        int aLo = 0;
        int bLo = 0;
        int aHi = a.length;
        int bHi = b.length;
        while (aLo < aHi && bLo < bHi && a[aLo] == b[bLo]) {
            aLo++;
            bLo++;
        }
        while (aHi > aLo && bHi > bLo && a[aHi - 1] == b[bHi - 1]) {
            aHi--;
            bHi--;
        }
        boolean[] changedA = new boolean[a.length];
        boolean[] changedB = new boolean[b.length];
        if (aLo < aHi || bLo < bHi) {
            markMiddle(a, aLo, aHi, b, bLo, bHi, changedA, changedB, budget);
        }
        return collect(changedA, changedB);
    }

    /** Marks the changed lines of {@code a[aLo, aHi)} and {@code b[bLo, bHi)}. */
    private static void markMiddle(
            int[] a, int aLo, int aHi, int[] b, int bLo, int bHi, boolean[] changedA, boolean[] changedB, long budget) {
        int idLimit = 1 + Math.max(maxId(a, aLo, aHi), maxId(b, bLo, bHi));
        boolean[] inA = presence(a, aLo, aHi, idLimit);
        boolean[] inB = presence(b, bLo, bHi, idLimit);
        int[] keptA = keep(a, aLo, aHi, inB, changedA);
        int[] keptB = keep(b, bLo, bHi, inA, changedB);
        int[] reducedA = new int[keptA.length];
        int[] reducedB = new int[keptB.length];
        for (int i = 0; i < keptA.length; i++) {
            reducedA[i] = a[keptA[i]];
        }
        for (int j = 0; j < keptB.length; j++) {
            reducedB[j] = b[keptB[j]];
        }
        boolean[] reducedChangedA = new boolean[keptA.length];
        boolean[] reducedChangedB = new boolean[keptB.length];
        MyersDiff.markChanges(reducedA, reducedB, reducedChangedA, reducedChangedB, budget);
        for (int i = 0; i < keptA.length; i++) {
            changedA[keptA[i]] = reducedChangedA[i];
        }
        for (int j = 0; j < keptB.length; j++) {
            changedB[keptB[j]] = reducedChangedB[j];
        }
    }

    /** Returns the largest id in {@code ids[from, to)}, or -1 when the range is empty. */
    private static int maxId(int[] ids, int from, int to) {
        int max = -1;
        for (int i = from; i < to; i++) {
            max = Math.max(max, ids[i]);
        }
        return max;
    }

    /** Returns a table saying which ids occur in {@code ids[from, to)}. */
    private static boolean[] presence(int[] ids, int from, int to, int idLimit) {
        boolean[] present = new boolean[idLimit];
        for (int i = from; i < to; i++) {
            present[ids[i]] = true;
        }
        return present;
    }

    /** Returns the indexes in {@code [from, to)} whose line occurs on the other side, marking the others changed. */
    private static int[] keep(int[] ids, int from, int to, boolean[] inOther, boolean[] changed) {
        int[] kept = new int[to - from];
        int count = 0;
        for (int i = from; i < to; i++) {
            if (inOther[ids[i]]) {
                kept[count++] = i;
            } else {
                changed[i] = true;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** Returns the hunks described by the change marks; unchanged lines of both sides pair up in order. */
    private static List<Hunk> collect(boolean[] changedA, boolean[] changedB) {
        List<Hunk> hunks = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < changedA.length || j < changedB.length) {
            if (i < changedA.length && j < changedB.length && !changedA[i] && !changedB[j]) {
                i++;
                j++;
                continue;
            }
            int oldStart = i;
            int newStart = j;
            while (i < changedA.length && changedA[i]) {
                i++;
            }
            while (j < changedB.length && changedB[j]) {
                j++;
            }
            if (i == oldStart && j == newStart) {
                throw new IllegalStateException("unchanged lines do not pair up at " + i + ", " + j);
            }
            hunks.add(new Hunk(oldStart, i, newStart, j));
        }
        return hunks;
    }
}
