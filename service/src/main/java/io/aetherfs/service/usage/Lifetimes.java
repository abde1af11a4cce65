package io.aetherfs.service.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * The session figures of a usage report from session lifetimes ([created, ended) in epoch
 * milliseconds, ended {@link Long#MAX_VALUE} for a session that still exists) clipped to a window.
 */
record Lifetimes(double hours, long created, long peak) {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    static Lifetimes of(List<long[]> lives, long from, long to) {
        long millis = 0;
        long created = 0;
        List<long[]> edges = new ArrayList<>(); // [time, +1 or -1]
        for (long[] l : lives) {
            long start = Math.max(l[0], from);
            long end = Math.min(l[1], to);
            if (l[0] >= from && l[0] < to) {
                created++;
            }
            if (start < end) {
                millis += end - start;
                edges.add(new long[] {start, 1});
                edges.add(new long[] {end, -1});
            }
        }
        // at one instant, an end comes before a start: a session deleted as another is created is not two
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long live = 0;
        long peak = 0;
        for (long[] e : edges) {
            live += e[1];
            peak = Math.max(peak, live);
        }
        return new Lifetimes(millis / MILLIS_PER_HOUR, created, peak);
    }
}
