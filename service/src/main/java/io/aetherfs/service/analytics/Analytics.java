package io.aetherfs.service.analytics;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Windows;
import io.aetherfs.service.session.SessionAccess;
import io.aetherfs.service.tooling.ToolCalls;
import java.time.Instant;
import java.util.Arrays;

/**
 * Session analytics (spec §6.13, §8.14): one pass over the part of a session's event log and tool-call
 * log that falls in a window (by default the session's lifetime so far). The log is read a page at a
 * time from the window's first event, found by a binary search on sequence numbers (event times follow
 * commit order), so the cost is the window's events and tool calls plus a logarithm of the log, and
 * memory holds only counters and one timestamp per tool call of the window.
 */
public final class Analytics {
    private static final int READ_PAGE = 500;

    private final Engine engine;
    private final SessionAccess access;
    private final ToolCalls toolCalls;

    public Analytics(Engine engine, ToolCalls toolCalls) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.toolCalls = toolCalls;
    }

    /**
     * Returns the analytics of [{@code start}, {@code end}); a null start is the session's creation, a
     * null end takes everything recorded so far (the window is reported as ending now).
     */
    public SessionAnalytics get(Caller caller, SessionId id, Instant start, Instant end) {
        caller.require(Scope.SESSION_READ);
        if (start != null && end != null && !start.isBefore(end)) {
            throw AfsException.invalid("startTime must be before endTime");
        }
        Windows.check("startTime", start);
        Windows.check("endTime", end);
        Session s = access.load(caller, id).session();
        Instant from = start != null ? start : s.origin().createdAt();
        Instant to = end != null ? end : engine.clock().instant();
        if (to.isBefore(from)) {
            to = from; // a window that ends before the session began is empty
        }
        // without an end the window takes everything so far, including what happened at this instant
        Instant until = end != null ? to : null;
        Tally tally = new Tally(s.origin().createdAt());
        Times toolTimes = new Times();
        toolCalls.forEach(caller.tenant(), id, from, until, c -> {
            tally.toolCall(c);
            toolTimes.add(nanos(c.startedAt()));
        });
        scanEvents(caller, s, from, until, tally, toolTimes);
        return tally.result(id, from, to);
    }

    private void scanEvents(Caller caller, Session s, Instant from, Instant to, Tally tally, Times tools) {
        Records<Long, Event> log = engine.records(caller.tenant()).of(EngineRecords.EVENTS, s.id());
        long after = firstAtOrAfter(log, from, s.head().eventSeq()) - 1;
        int k = 0;
        scan:
        while (true) {
            RecordPage<Event> rows = log.list(RecordQuery.<Long>first(READ_PAGE).after(after));
            for (Event e : rows.items()) {
                if (to != null && !e.occurredAt().isBefore(to)) {
                    break scan;
                }
                after = e.sequence();
                if (e.occurredAt().isBefore(from)) {
                    continue; // a commit of another node whose clock was a little behind
                }
                long t = nanos(e.occurredAt());
                while (k < tools.n && tools.at[k] <= t) {
                    tally.activity(instant(tools.at[k++]));
                }
                tally.event(e);
            }
            if (!rows.more()) {
                break;
            }
        }
        while (k < tools.n) {
            tally.activity(instant(tools.at[k++]));
        }
    }

    /** Returns the smallest sequence in [1, last + 1] whose event occurred at or after {@code t}. */
    private static long firstAtOrAfter(Records<Long, Event> log, Instant t, long last) {
        long lo = 1;
        long hi = last + 1;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            boolean before = log.get(mid).map(e -> e.occurredAt().isBefore(t)).orElse(true);
            if (before) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The start times of the window's tool calls, in epoch nanoseconds and start order. */
    private static final class Times {
        long[] at = new long[16];
        int n;

        void add(long t) {
            if (n == at.length) {
                at = Arrays.copyOf(at, n * 2);
            }
            at[n++] = t;
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
