package io.aetherfs.server.e2e.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Attributes every event of every session to the call that caused it. Per session and principal the
 * events must be exactly that client's operations in client order: an acknowledged operation's events
 * (one transaction, so consecutive in the log), none for a refused one, all or none for an unanswered
 * one. Feasibility is decided exactly (a small dynamic program over calls × events), so an unanswered
 * operation never takes the events of a later acknowledged one; when no assignment exists, a greedy
 * pass names the missing and the unexplained effects.
 */
final class EventMatcher {
    /** The events (sequences {@code first..last} of {@code session}) of one call; call null for setup events. */
    record Step(Call call, String session, long first, long last) {}

    /** One expected event: its type, whether it may be absent, and what it must say. */
    private record Pat(String type, boolean optional, Predicate<Event> test) {
        static Pat of(String type, Predicate<Event> test) {
            return new Pat(type, false, test);
        }

        boolean matches(Event e) {
            return e.type().equals(type) && test.test(e);
        }
    }

    private final History h;
    private final Report report;
    private final Map<String, Step[]> steps = new HashMap<>();
    private final Map<Call, Map<String, Step>> byCall = new IdentityHashMap<>();

    EventMatcher(History h, Report report) {
        this.h = h;
        this.report = report;
    }

    /** Returns each session's steps indexed by sequence (every sequence of a step points at it). */
    Map<String, Step[]> steps() {
        return steps;
    }

    /** Returns the steps of each call, by session. */
    Map<Call, Map<String, Step>> byCall() {
        return byCall;
    }

    void run() {
        Map<Integer, List<Call>> byClient = new LinkedHashMap<>();
        for (Call c : h.calls()) {
            byClient.computeIfAbsent(c.client(), k -> new ArrayList<>()).add(c);
        }
        byClient.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(Call::index)));
        for (Map.Entry<String, List<Event>> s : h.events().entrySet()) {
            String session = s.getKey();
            List<Event> log = s.getValue();
            steps.put(session, new Step[log.size() + 1]);
            Map<String, List<Event>> byPrincipal = new LinkedHashMap<>();
            for (Event e : log) {
                byPrincipal
                        .computeIfAbsent(e.principal(), k -> new ArrayList<>())
                        .add(e);
            }
            for (Map.Entry<Integer, List<Call>> c : byClient.entrySet()) {
                // a client whose acknowledged calls left no event here at all still has to be matched
                if (c.getValue().stream().anyMatch(x -> relevant(x, session, log))) {
                    byPrincipal.putIfAbsent(Call.principal(c.getKey()), new ArrayList<>());
                }
            }
            for (Map.Entry<String, List<Event>> p : byPrincipal.entrySet()) {
                Integer client = clientOf(p.getKey());
                if (p.getKey().equals(h.setupPrincipal())) {
                    setup(session, p.getValue());
                } else if (client == null || !byClient.containsKey(client)) {
                    p.getValue().forEach(e -> unexplained(e, "no client acts as " + p.getKey()));
                } else {
                    List<Call> relevant = byClient.get(client).stream()
                            .filter(c -> relevant(c, session, log))
                            .toList();
                    match(session, relevant, p.getValue());
                }
            }
        }
    }

    private void setup(String session, List<Event> events) {
        for (Event e : events) {
            if (e.type().equals("SESSION_CREATED")
                    && (h.roots().contains(session) || session.equals(h.raceSession()))) {
                put(new Step(null, session, e.seq(), e.seq()));
            } else {
                unexplained(e, "the setup principal only creates the root sessions");
            }
        }
    }

    /** Returns whether {@code c} may have recorded events in {@code session}. */
    private static boolean relevant(Call c, String session, List<Event> log) {
        if (!c.op().mutates()) {
            return false;
        }
        if (c.op().session().equals(session)) {
            return true;
        }
        if (c.op() instanceof Op.Fork f) {
            if (c.body() != null && session.equals(c.body().path("id").asText())) {
                return true;
            }
            return c.outcome() == Call.Outcome.INDETERMINATE
                    && !log.isEmpty()
                    && log.getFirst().type().equals("SESSION_FORKED")
                    && log.getFirst().detail("parentSessionId").equals(f.session());
        }
        return false;
    }

    private void match(String session, List<Call> calls, List<Event> events) {
        int k = calls.size();
        int n = events.size();
        List<List<Pat>> pats = calls.stream().map(c -> patterns(c, session)).toList();
        boolean[][] ok = new boolean[k + 1][n + 1];
        ok[k][n] = true;
        for (int ci = k - 1; ci >= 0; ci--) {
            Call.Outcome o = calls.get(ci).outcome();
            for (int ei = n; ei >= 0; ei--) {
                int m = o == Call.Outcome.REFUSED ? -1 : matchAt(pats.get(ci), events, ei);
                boolean take = m >= 0 && ok[ci + 1][ei + m];
                ok[ci][ei] = switch (o) {
                    case OK -> take;
                    case INDETERMINATE -> take || ok[ci + 1][ei];
                    case REFUSED -> ok[ci + 1][ei];
                };
            }
        }
        if (ok[0][0]) {
            int ei = 0;
            for (int ci = 0; ci < k; ci++) {
                Call c = calls.get(ci);
                int m = c.outcome() == Call.Outcome.REFUSED ? -1 : matchAt(pats.get(ci), events, ei);
                if (m >= 0 && ok[ci + 1][ei + m] && (c.outcome() == Call.Outcome.OK || m > 0)) {
                    if (m > 0) {
                        assign(c, session, events.get(ei), events.get(ei + m - 1));
                    }
                    ei += m;
                }
            }
            return;
        }
        greedy(session, calls, pats, events);
    }

    private void greedy(String session, List<Call> calls, List<List<Pat>> pats, List<Event> events) {
        int ei = 0;
        for (int ci = 0; ci < calls.size(); ci++) {
            Call c = calls.get(ci);
            int m = matchAt(pats.get(ci), events, ei);
            switch (c.outcome()) {
                case OK -> {
                    int at = ei;
                    while (m < 0 && ++at < events.size()) {
                        m = matchAt(pats.get(ci), events, at);
                    }
                    if (m < 0) {
                        report.add(new Finding(
                                Finding.Kind.MISSING_EFFECT,
                                c,
                                session,
                                ei < events.size() ? events.get(ei).seq() : 0,
                                "acknowledged, but " + session + " has no matching events by " + c.principal()
                                        + " at or after this client's previous ones",
                                around(
                                        session,
                                        ei < events.size() ? events.get(ei).seq() : lastSeq(session))));
                        continue;
                    }
                    for (int x = ei; x < at; x++) {
                        unexplained(events.get(x), "no call of " + c.principal() + " explains it");
                    }
                    if (m > 0) {
                        assign(c, session, events.get(at), events.get(at + m - 1));
                    }
                    ei = at + m;
                }
                case INDETERMINATE -> {
                    if (m > 0) {
                        assign(c, session, events.get(ei), events.get(ei + m - 1));
                        ei += m;
                    }
                }
                case REFUSED -> {
                    if (m > 0 && c.op() instanceof Op.Write) {
                        for (int x = ei; x < ei + m; x++) {
                            unexplained(events.get(x), "it is the effect of a refused call: " + c.describe());
                        }
                        ei += m;
                    }
                }
            }
        }
        for (int x = ei; x < events.size(); x++) {
            unexplained(events.get(x), "no call of " + events.get(x).principal() + " explains it");
        }
    }

    /** Returns how many events from {@code i} the patterns match (consecutive sequences), or -1. */
    private static int matchAt(List<Pat> pats, List<Event> events, int i) {
        int j = i;
        for (Pat p : pats) {
            if (j < events.size()
                    && p.matches(events.get(j))
                    && (j == i || events.get(j).seq() == events.get(j - 1).seq() + 1)) {
                j++;
            } else if (!p.optional()) {
                return -1;
            }
        }
        return j - i;
    }

    private void assign(Call c, String session, Event first, Event last) {
        Step s = new Step(c, session, first.seq(), last.seq());
        byCall.computeIfAbsent(c, k -> new HashMap<>()).put(session, s);
        put(s);
    }

    private void put(Step s) {
        Step[] arr = steps.get(s.session());
        for (long q = s.first(); q <= s.last(); q++) {
            arr[(int) q] = s;
        }
    }

    private void unexplained(Event e, String why) {
        report.add(new Finding(
                Finding.Kind.UNEXPLAINED_EFFECT,
                null,
                e.session(),
                e.seq(),
                e.type() + ": " + why,
                around(e.session(), e.seq())));
    }

    private long lastSeq(String session) {
        List<Event> l = h.events().get(session);
        return l.isEmpty() ? 0 : l.getLast().seq();
    }

    /** Returns the events of {@code session} within 3 positions of {@code seq}. */
    List<Event> around(String session, long seq) {
        return around(h, session, seq);
    }

    static List<Event> around(History h, String session, long seq) {
        List<Event> l = h.events().getOrDefault(session, List.of());
        return l.stream().filter(e -> Math.abs(e.seq() - seq) <= 3).toList();
    }

    /** Returns the client number of a principal {@code cNN}, or null. */
    static Integer clientOf(String principal) {
        if (principal.length() >= 2 && principal.charAt(0) == 'c') {
            try {
                return Integer.parseInt(principal.substring(1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Returns the events {@code c} must (or, marked optional, may) have recorded in {@code session}, in order. */
    private static List<Pat> patterns(Call c, String session) {
        List<Pat> out = new ArrayList<>();
        patterns(c, c.op(), session, out);
        return out;
    }

    private static void patterns(Call c, Op op, String session, List<Pat> out) {
        switch (op) {
            case Op.Write w ->
                out.add(Pat.of(
                        "FILE_WRITTEN",
                        e -> e.path().equals(w.path())
                                && e.detail("contentHash").equals(w.hash())));
            case Op.Patch p -> out.add(Pat.of("FILE_WRITTEN", e -> e.path().equals(p.path())));
            case Op.Delete d -> out.add(Pat.of("FILE_DELETED", e -> e.path().equals(d.path())));
            case Op.Rename r ->
                out.add(Pat.of(
                        "PATH_RENAMED",
                        e -> e.detail("fromPath").equals(r.from())
                                && e.detail("toPath").equals(r.to())));
            case Op.Mkdir m -> out.add(Pat.of("DIRECTORY_CREATED", e -> e.path().equals(m.path())));
            case Op.Rmdir r -> out.add(Pat.of("DIRECTORY_DELETED", e -> e.path().equals(r.path())));
            case Op.Batch b -> b.steps().forEach(s -> patterns(c, s, session, out));
            case Op.Sync s -> out.add(Pat.of("TARBALL_SYNCED", e -> e.path().equals(s.basePath())));
            case Op.Fork f -> {
                String child = c.body() == null ? "" : c.body().path("id").asText("");
                if (session.equals(f.session())) {
                    out.add(Pat.of(
                            "FORK_CREATED",
                            e -> child.isEmpty() || e.detail("childSessionId").equals(child)));
                } else {
                    out.add(Pat.of(
                            "SESSION_FORKED", e -> e.detail("parentSessionId").equals(f.session())));
                }
            }
            case Op.Checkpoint k -> {
                String id =
                        c.body() == null ? "" : c.body().path("checkpointId").asText("");
                out.add(Pat.of(
                        "CHECKPOINT_CREATED",
                        e -> (id.isEmpty() || e.detail("checkpointId").equals(id))
                                && (k.name() == null || e.detail("name").equals(k.name()))));
            }
            case Op.Restore r -> {
                if (r.safetyCheckpoint()) {
                    out.add(Pat.of("CHECKPOINT_CREATED", e -> true));
                }
                out.add(new Pat(
                        "SESSION_STATUS_CHANGED", true, e -> e.detail("trigger").equals("restore")));
                out.add(Pat.of("SESSION_RESTORED", e -> e.detail("checkpointId").equals(r.checkpointId())));
            }
            case Op.Commit k -> {
                String id = c.body() == null ? "" : c.body().path("commitId").asText("");
                out.add(Pat.of(
                        "COMMIT_CREATED",
                        e -> id.isEmpty() || e.detail("commitId").equals(id)));
            }
            case Op.Merge m -> {
                String result = c.body() == null ? "" : c.body().path("result").asText("");
                String type = result.equals("MERGE_RESULT_CONFLICT") ? "MERGE_CONFLICTED" : "MERGE_COMPLETED";
                out.add(new Pat(
                        "SESSION_STATUS_CHANGED", true, e -> e.detail("trigger").equals("merge")));
                if (result.isEmpty()) {
                    out.add(new Pat("MERGE_COMPLETED", true, e -> e.detail("sourceSessionId")
                            .equals(m.source())));
                    out.add(new Pat("MERGE_CONFLICTED", true, e -> e.detail("sourceSessionId")
                            .equals(m.source())));
                } else {
                    out.add(Pat.of(type, e -> e.detail("sourceSessionId").equals(m.source())));
                }
            }
            default -> {}
        }
    }
}
