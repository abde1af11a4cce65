package io.aetherfs.core.merge;

/**
 * Myers' O((N+M)·D) difference algorithm in its linear-space form, marking which elements of two int sequences lie
 * outside a longest common subsequence; the search engine of the line diff.
 *
 * <p>Each step finds the middle snake of an optimal edit path by searching forward from the top-left and backward
 * from the bottom-right corner at once, then recurses on the two halves (E. Myers, "An O(ND) Difference Algorithm and
 * Its Variations", 1986, section 4b; the diagonal bookkeeping follows GNU diff's {@code diag}). Memory is two int
 * vectors of N+M+3 entries. Time is bounded by a work budget: once it is spent, every range still unexplored is
 * marked changed as a whole, which keeps the result a valid (if no longer minimal) diff.
 */
final class MyersDiff {

    private final int[] a;
    private final int[] b;
    private final boolean[] changedA;
    private final boolean[] changedB;
    private final int[] forward; // furthest x reached on each diagonal k = x - y, at index k + offset
    private final int[] backward; // smallest x reached backward on each diagonal
    private final int offset;
    private long budget;

    private MyersDiff(int[] a, int[] b, boolean[] changedA, boolean[] changedB, long budget) {
        this.a = a;
        this.b = b;
        this.changedA = changedA;
        this.changedB = changedB;
        this.forward = new int[a.length + b.length + 3];
        this.backward = new int[a.length + b.length + 3];
        this.offset = b.length + 1;
        this.budget = budget;
    }

    /** Sets {@code changedA[i]} and {@code changedB[j]} for every element of {@code a} and {@code b} not kept in common. */
    static void markChanges(int[] a, int[] b, boolean[] changedA, boolean[] changedB, long budget) {
        new MyersDiff(a, b, changedA, changedB, budget).compare(0, a.length, 0, b.length);
    }

    /** Marks the changes between {@code a[xoff, xlim)} and {@code b[yoff, ylim)}. */
    private void compare(int xoff, int xlim, int yoff, int ylim) {
        while (true) { // recurses on the first half and loops on the second, so depth stays logarithmic in D
            while (xoff < xlim && yoff < ylim && a[xoff] == b[yoff]) {
                xoff++;
                yoff++;
            }
            while (xlim > xoff && ylim > yoff && a[xlim - 1] == b[ylim - 1]) {
                xlim--;
                ylim--;
            }
            if (xoff == xlim || yoff == ylim) {
                markAll(xoff, xlim, yoff, ylim);
                return;
            }
            long split = budget > 0 ? middleSnake(xoff, xlim, yoff, ylim) : -1;
            int x = (int) (split >> 32);
            int y = (int) split;
            boolean inside = split >= 0 && x >= xoff && x <= xlim && y >= yoff && y <= ylim;
            if (!inside || (x == xoff && y == yoff) || (x == xlim && y == ylim)) {
                markAll(xoff, xlim, yoff, ylim); // budget spent, or (defensively) a split that would not progress
                return;
            }
            compare(xoff, x, yoff, y);
            xoff = x;
            yoff = y;
        }
    }

    /** Marks every element of both ranges as changed. */
    private void markAll(int xoff, int xlim, int yoff, int ylim) {
        for (int x = xoff; x < xlim; x++) {
            changedA[x] = true;
        }
        for (int y = yoff; y < ylim; y++) {
            changedB[y] = true;
        }
    }

    /**
     * Returns a point {@code (x << 32) | y} on an optimal edit path through the box, found where the forward and
     * backward searches first overlap; returns -1 when the work budget runs out first. The box must have its common
     * prefix and suffix trimmed and both ranges non-empty.
     */
    private long middleSnake(int xoff, int xlim, int yoff, int ylim) {
        int[] fd = forward;
        int[] bd = backward;
        int o = offset;
        int dmin = xoff - ylim;
        int dmax = xlim - yoff;
        int fmid = xoff - yoff;
        int bmid = xlim - ylim;
        int fmin = fmid;
        int fmax = fmid;
        int bmin = bmid;
        int bmax = bmid;
        boolean odd = ((fmid - bmid) & 1) != 0; // parity of D: decides which search can detect the overlap
        fd[o + fmid] = xoff;
        bd[o + bmid] = xlim;
        while (true) {
            long work = 0;
            // Widen the forward frontier by one edit on each diagonal, clamped to the diagonals that meet the box.
            if (fmin > dmin) {
                fd[o + --fmin - 1] = -1;
            } else {
                ++fmin;
            }
            if (fmax < dmax) {
                fd[o + ++fmax + 1] = -1;
            } else {
                --fmax;
            }
            for (int d = fmax; d >= fmin; d -= 2) {
                int tlo = fd[o + d - 1];
                int thi = fd[o + d + 1];
                int x = tlo >= thi ? tlo + 1 : thi;
                int y = x - d;
                int x0 = x;
                while (x < xlim && y < ylim && a[x] == b[y]) {
                    x++;
                    y++;
                }
                work += 1 + x - x0;
                fd[o + d] = x;
                if (odd && bmin <= d && d <= bmax && bd[o + d] <= x) {
                    return pack(x, y);
                }
            }
            // Widen the backward frontier the same way.
            if (bmin > dmin) {
                bd[o + --bmin - 1] = Integer.MAX_VALUE;
            } else {
                ++bmin;
            }
            if (bmax < dmax) {
                bd[o + ++bmax + 1] = Integer.MAX_VALUE;
            } else {
                --bmax;
            }
            for (int d = bmax; d >= bmin; d -= 2) {
                int tlo = bd[o + d - 1];
                int thi = bd[o + d + 1];
                int x = tlo < thi ? tlo : thi - 1;
                int y = x - d;
                int x0 = x;
                while (x > xoff && y > yoff && a[x - 1] == b[y - 1]) {
                    x--;
                    y--;
                }
                work += 1 + x0 - x;
                bd[o + d] = x;
                if (!odd && fmin <= d && d <= fmax && x <= fd[o + d]) {
                    return pack(x, y);
                }
            }
            budget -= work;
            if (budget <= 0) {
                return -1;
            }
        }
    }

    /** Returns {@code x} and {@code y} packed into one non-negative long. */
    private static long pack(int x, int y) {
        return ((long) x << 32) | (y & 0xFFFFFFFFL);
    }
}
