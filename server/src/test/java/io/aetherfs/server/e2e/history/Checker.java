package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.e2e.history.EventMatcher.Step;
import io.aetherfs.server.e2e.history.Replay.SessionModel;
import io.aetherfs.server.e2e.history.Replay.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks a recorded history against the sequential model of sessions and trees, using each session's
 * durable event log as the witnessed serial order: every event is attributed to a call
 * ({@link EventMatcher}), the logs are replayed through the model ({@link Replay}, {@link MergeCheck}),
 * and then every refusal and every read is held against the model states within its call's window
 * (from the last state acknowledged before the call began to the last event that occurred before it was
 * answered), every acknowledged operation's position against real time, and the server's final
 * manifests and checkpoint trees against the model's.
 */
public final class Checker {
    private final History h;
    private final Report report;

    private Checker(History h) {
        this.h = h;
        this.report = new Report(h.config());
    }

    /** Checks {@code h} and returns the report. */
    public static Report check(History h) {
        Checker c = new Checker(h);
        c.run();
        return c.report;
    }

    private void run() {
        count();
        logsAreGapless();
        EventMatcher matcher = new EventMatcher(h, report);
        matcher.run();
        Replay replay = new Replay(h, report, matcher);
        replay.run();
        for (Call c : h.calls()) {
            switch (c.outcome()) {
                case INDETERMINATE ->
                    report.add(new Finding(
                            Finding.Kind.SERVER_ERROR,
                            c,
                            c.op().session(),
                            0,
                            c.status() == 0
                                    ? "no answer: " + c.message()
                                    : "answered " + c.status() + ": " + c.message(),
                            List.of()));
                case REFUSED -> {
                    if (contention(c)) {
                        report.add(new Finding(
                                Finding.Kind.CONTENTION,
                                c,
                                c.op().session(),
                                0,
                                "refused for contention: " + c.message(),
                                List.of()));
                    }
                }
                case OK -> {}
            }
            if (!c.op().mutates() && c.outcome() != Call.Outcome.INDETERMINATE) {
                read(replay, c);
            } else if (c.outcome() == Call.Outcome.REFUSED && !contention(c)) {
                refusal(replay, c);
            }
        }
        realTime(replay, matcher);
        finalState(replay, matcher);
        races();
    }

    /** Returns whether a refusal is for contention (ABORTED), which no model state justifies. */
    private static boolean contention(Call c) {
        return "CONCURRENT_UPDATE".equals(c.reason()) || "ABORTED".equals(c.reason());
    }

    private void count() {
        for (Call c : h.calls()) {
            report.count("calls " + c.outcome().name().toLowerCase(java.util.Locale.ROOT));
            report.count("ops " + c.op().getClass().getSimpleName());
        }
        report.count("sessions", h.events().size());
    }

    private void logsAreGapless() {
        h.events().forEach((s, log) -> {
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).seq() != i + 1) {
                    report.add(new Finding(
                            Finding.Kind.WRONG_RESULT,
                            null,
                            s,
                            log.get(i).seq(),
                            "the event log is not gapless from 1: position " + (i + 1) + " holds #"
                                    + log.get(i).seq(),
                            EventMatcher.around(h, s, log.get(i).seq())));
                    return;
                }
            }
        });
    }

    /** Checks that a read returned a state within its window. */
    private void read(Replay replay, Call c) {
        String s = c.op().session();
        if (!replay.sessions.containsKey(s)) {
            return;
        }
        long lo = replay.windows.ackedBefore(s, c.startNanos());
        long hi = replay.windows.occurredBy(s, c.endWall());
        List<Long> window = replay.windows.window(s, lo, hi);
        SessionModel m = replay.sessions.get(s);
        if (window.stream().anyMatch(q -> m.state(q).tainted())) {
            report.count("reads not checked (model lost track)");
            return;
        }
        Predicate<State> fits = readFits(c);
        if (window.stream().anyMatch(q -> fits.test(m.state(q)))) {
            report.count("reads checked");
            return;
        }
        List<Long> anywhere = new ArrayList<>();
        for (int q = 1; q <= m.done; q++) {
            if (m.states[q] != null && !m.states[q].tainted() && fits.test(m.states[q])) {
                anywhere.add((long) q);
            }
        }
        String what = anywhere.isEmpty()
                ? "a state the model never had"
                : "the state after event(s) " + anywhere.stream().limit(8).toList()
                        + (anywhere.getLast() < lo
                                ? " (stale: older than what was acknowledged before the read began)"
                                : "");
        report.add(new Finding(
                Finding.Kind.NON_LINEARIZABLE_READ,
                c,
                s,
                lo + 1,
                "returned " + what
                        + "; its window is the states after events " + window + " (acknowledged up to #" + lo
                        + ", occurred up to #" + hi
                        + "); it read " + readValue(c),
                EventMatcher.around(h, s, lo + 1)));
    }

    private static Predicate<State> readFits(Call c) {
        JsonNode b = c.body();
        return switch (c.op()) {
            case Op.ReadFile r ->
                st -> switch (c.status()) {
                    case 200 -> st.tree().fileHash(r.path()).equals(c.readHash());
                    case 404 -> !st.tree().exists(r.path());
                    default -> "IS_A_DIRECTORY".equals(c.reason()) && st.tree().isDir(r.path());
                };
            case Op.ReadManifest x ->
                st -> c.status() == 200
                        && Tree.fromManifest(b.path("entries")).equals(st.tree())
                        && st.tree().fingerprint().equals(b.path("fingerprint").asText());
            case Op.ReadSession x ->
                st -> c.status() == 200
                        && b.path("status").asText().equals("SESSION_STATUS_" + st.status())
                        && b.path("fingerprint").asText().equals(st.tree().fingerprint());
            default -> st -> false;
        };
    }

    private static String readValue(Call c) {
        return switch (c.op()) {
            case Op.ReadFile r ->
                c.status() == 200 ? r.path() + "=" + c.readHash() : r.path() + " " + c.status() + " " + c.reason();
            case Op.ReadManifest x ->
                Tree.fromManifest(c.body().path("entries")).describe();
            case Op.ReadSession x ->
                c.body().path("status").asText() + " "
                        + c.body().path("fingerprint").asText();
            default -> "";
        };
    }

    /** Checks that some state within the call's window refuses the operation with the answer's reason. */
    private void refusal(Replay replay, Call c) {
        String s = c.op().session();
        if (!replay.sessions.containsKey(s)) {
            return;
        }
        SessionModel m = replay.sessions.get(s);
        List<Long> window = replay.windows.window(
                s, replay.windows.ackedBefore(s, c.startNanos()), replay.windows.occurredBy(s, c.endWall()));
        if (window.stream().anyMatch(q -> m.state(q).tainted())) {
            report.count("refusals not checked (model lost track)");
            return;
        }
        List<String> reasons = new ArrayList<>();
        for (long q : window) {
            String why = Refusals.reason(replay, m.state(q), c.op());
            reasons.add("#" + q + ":" + why);
            if (c.reason() != null && c.reason().equals(why)) {
                report.count("refusals checked");
                return;
            }
        }
        report.add(new Finding(
                Finding.Kind.UNJUSTIFIED_REFUSAL,
                c,
                s,
                window.isEmpty() ? 0 : window.getFirst(),
                "refused with " + c.reason() + " (" + c.message() + "), but the model's states in its window give "
                        + reasons,
                window.isEmpty() ? List.of() : EventMatcher.around(h, s, window.getFirst())));
    }

    /** Checks that each applied operation is ordered after everything acknowledged before it began, within its own time. */
    private void realTime(Replay replay, EventMatcher matcher) {
        matcher.byCall()
                .forEach((c, bySession) -> bySession.forEach((s, step) -> {
                    long before = replay.windows.ackedBefore(s, c.startNanos());
                    if (step.first() <= before) {
                        report.add(new Finding(
                                Finding.Kind.REAL_TIME_ORDER,
                                c,
                                s,
                                step.first(),
                                "its event #" + step.first() + " precedes event #" + before
                                        + " of a call acknowledged before it began",
                                EventMatcher.around(h, s, step.first())));
                    }
                    Event first = replay.sessions.get(s).event(step.first());
                    if (first.at().isBefore(c.startWall().minus(Windows.SKEW))
                            || (c.outcome() == Call.Outcome.OK
                                    && first.at().isAfter(c.endWall().plus(Windows.SKEW)))) {
                        report.add(new Finding(
                                Finding.Kind.REAL_TIME_ORDER,
                                c,
                                s,
                                step.first(),
                                "its event occurred at " + first.at() + ", outside the call",
                                EventMatcher.around(h, s, step.first())));
                    }
                }));
    }

    /** Compares the server's final manifests and checkpoint trees with the model's. */
    private void finalState(Replay replay, EventMatcher matcher) {
        h.finalTrees().forEach((s, actual) -> {
            SessionModel m = replay.sessions.get(s);
            State st = m == null ? null : m.at(m.last());
            if (st == null || st.tainted()) {
                report.count("final manifests not checked (model lost track)");
                return;
            }
            report.count("final manifests checked");
            if (!actual.equals(st.tree())) {
                report.add(new Finding(
                        Finding.Kind.FINAL_STATE,
                        lastCallOn(matcher, s),
                        s,
                        m.last(),
                        "the final manifest differs from the model: " + actual.differences(st.tree())
                                + " (server vs model)",
                        EventMatcher.around(h, s, m.last())));
            }
        });
        for (Call c : h.calls()) {
            if (c.op() instanceof Op.Fork
                    && c.outcome() == Call.Outcome.OK
                    && !h.events().containsKey(c.body().path("id").asText())) {
                report.add(new Finding(
                        Finding.Kind.MISSING_EFFECT,
                        c,
                        c.op().session(),
                        0,
                        "the acknowledged fork " + c.body().path("id").asText() + " does not exist",
                        List.of()));
            }
        }
        Map<String, Tree> seen = new HashMap<>(replay.checkpoints);
        h.checkpointTrees().forEach((id, actual) -> {
            Tree model = seen.remove(id);
            if (model == null) {
                report.add(new Finding(
                        Finding.Kind.UNEXPLAINED_EFFECT,
                        null,
                        null,
                        0,
                        "checkpoint " + id + " exists, but no event created it",
                        List.of()));
            } else if (replay.taintedCheckpoints.contains(id)) {
                report.count("checkpoints not checked (model lost track)");
            } else if (!actual.equals(model)) {
                String s = replay.checkpointSession.get(id);
                report.add(new Finding(
                        Finding.Kind.FINAL_STATE,
                        null,
                        s,
                        0,
                        "checkpoint " + id + "'s tree differs from the model's snapshot: " + actual.differences(model)
                                + " (server vs model)",
                        List.of()));
            } else {
                report.count("checkpoints checked");
            }
        });
        seen.keySet()
                .forEach(id -> report.add(new Finding(
                        Finding.Kind.MISSING_EFFECT,
                        null,
                        replay.checkpointSession.get(id),
                        0,
                        "checkpoint " + id + " was created (its event is in the log) but cannot be exported",
                        List.of())));
    }

    private static Call lastCallOn(EventMatcher matcher, String session) {
        Step[] steps = matcher.steps().get(session);
        for (int i = steps.length - 1; i >= 1; i--) {
            if (steps[i] != null && steps[i].call() != null) {
                return steps[i].call();
            }
        }
        return null;
    }

    /**
     * Counts the rounds of the expected-hash race (writes of one path of the race session conditional on
     * the same hash) and their winners; a second winner is also a PRECONDITION_VIOLATED finding.
     */
    private void races() {
        Map<String, Integer> winners = new HashMap<>();
        for (Call c : h.calls()) {
            if (c.op() instanceof Op.Write w
                    && w.expectedHash() != null
                    && w.session().equals(h.raceSession())
                    && c.outcome() != Call.Outcome.INDETERMINATE) {
                String key = w.session() + " " + w.path() + " " + w.expectedHash();
                winners.merge(key, c.outcome() == Call.Outcome.OK ? 1 : 0, Integer::sum);
            }
        }
        report.count("conditional-write rounds", winners.size());
        report.count(
                "conditional-write rounds with a winner",
                winners.values().stream().filter(n -> n > 0).count());
        report.max(
                "most winners of one conditional-write round",
                winners.values().stream().mapToInt(n -> n).max().orElse(0));
    }
}
