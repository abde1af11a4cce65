package io.aetherfs.server.e2e.history;

import io.aetherfs.server.e2e.history.Replay.SessionModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of a call: the states of a session it may have seen, from the last state acknowledged
 * before it began (the last event of the calls answered before it was sent, on this JVM's monotonic
 * clock) to the last event that occurred before it was answered (event times on the server's clock
 * against the client's wall clock, with {@link #SKEW}).
 */
final class Windows {
    /** How far the server's and the client's wall clocks may disagree (same machine: clock granularity). */
    static final Duration SKEW = Duration.ofMillis(10);

    private final Replay r;
    private final EventMatcher matcher;
    private final Map<String, long[][]> acked = new HashMap<>();

    Windows(Replay r, EventMatcher matcher) {
        this.r = r;
        this.matcher = matcher;
        indexAcks();
    }

    private void indexAcks() {
        Map<String, List<long[]>> per = new HashMap<>();
        matcher.byCall().forEach((call, bySession) -> {
            if (call.outcome() == Call.Outcome.OK) {
                bySession.forEach((s, step) ->
                        per.computeIfAbsent(s, k -> new ArrayList<>()).add(new long[] {call.endNanos(), step.last()}));
            }
        });
        per.forEach((s, l) -> {
            l.sort(java.util.Comparator.comparingLong(x -> x[0]));
            long max = 0;
            long[][] arr = new long[l.size()][];
            for (int i = 0; i < l.size(); i++) {
                max = Math.max(max, l.get(i)[1]);
                arr[i] = new long[] {l.get(i)[0], max};
            }
            acked.put(s, arr);
        });
    }

    /** Returns the last sequence of {@code session} written by calls acknowledged before {@code nanos}. */
    long ackedBefore(String session, long nanos) {
        long[][] arr = acked.get(session);
        if (arr == null) {
            return 0;
        }
        int lo = 0;
        int hi = arr.length - 1;
        long best = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (arr[mid][0] < nanos) {
                best = arr[mid][1];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** Returns the last sequence of {@code session} whose event occurred by {@code when} (plus skew). */
    long occurredBy(String session, Instant when) {
        return occurredBy(session, when, SKEW);
    }

    /**
     * Returns the last sequence of {@code session} whose event occurred by {@code when} plus {@code
     * skew}: the skew allows for the client's clock against the server's; two events' times are on the
     * server's clock and compare without it.
     */
    long occurredBy(String session, Instant when, Duration skew) {
        SessionModel m = r.sessions.get(session);
        Instant limit = when.plus(skew);
        long last = 0;
        for (Event e : m.log) {
            if (!e.at().isAfter(limit)) {
                last = e.seq();
            }
        }
        return last;
    }

    /** Returns the visible states of {@code session} from after event {@code lo} to after event {@code hi}. */
    List<Long> window(String session, long lo, long hi) {
        SessionModel m = r.sessions.get(session);
        List<Long> out = new ArrayList<>();
        for (long q = Math.max(1, lo); q <= Math.min(Math.max(lo, hi), m.done); q++) {
            if (m.states[(int) q] != null) {
                out.add(q);
            }
        }
        if (out.isEmpty() && lo >= 1 && m.at(lo) != null) {
            out.add(lo);
        }
        return out;
    }
}
