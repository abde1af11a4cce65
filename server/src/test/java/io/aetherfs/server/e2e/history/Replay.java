package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.e2e.history.EventMatcher.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays every session's event log, in sequence order, against the sequential model: each step (the
 * events of one call) is the call's operation applied to the model state before it, and what the
 * events and the answer say must be what the model gives. The result is the model state after every
 * event, which the checker then holds the reads, refusals and final manifests against. A session
 * whose model lost track (an unanswered merge, an effect nobody explains) is marked tainted from
 * there on, and checks against tainted states are skipped and counted.
 */
final class Replay {
    /** How far the server's and the client's wall clocks may disagree (same machine: clock granularity). */
    static final Duration SKEW = Duration.ofMillis(10);

    /** The model of one session after one event: tree, status, last commit's tree, checkpoint names. */
    record State(Tree tree, String status, Tree lastCommit, Set<String> names, boolean tainted) {
        State withTree(Tree t) {
            return new State(t, status, lastCommit, names, tainted);
        }

        State withStatus(String s) {
            return new State(tree, s, lastCommit, names, tainted);
        }

        State taint() {
            return new State(tree, status, lastCommit, names, true);
        }
    }

    /** Where a session was forked: the parent, the tree it got, and when. */
    record ForkPoint(String parent, String child, Tree tree, Instant at, boolean tainted) {}

    /** One session's log and its model states (index = sequence; null inside a multi-event step). */
    final class SessionModel {
        final String id;
        final List<Event> log;
        final Step[] steps;
        final State[] states;
        int done;
        boolean busy;
        List<ForkPoint> lineage = List.of();

        SessionModel(String id, List<Event> log, Step[] steps) {
            this.id = id;
            this.log = log;
            this.steps = steps;
            this.states = new State[log.size() + 1];
        }

        /** Returns the state after event {@code seq} (null inside a multi-event step). */
        State state(long seq) {
            return states[(int) seq];
        }

        Event event(long seq) {
            return log.get((int) seq - 1);
        }

        /** Returns the last visible state at or before {@code seq}. */
        State at(long seq) {
            for (long q = Math.min(seq, done); q >= 1; q--) {
                if (states[(int) q] != null) {
                    return states[(int) q];
                }
            }
            return null;
        }

        long last() {
            return log.size();
        }
    }

    final History h;
    final Report report;
    final EventMatcher matcher;
    final Map<String, SessionModel> sessions = new LinkedHashMap<>();
    final Map<String, Tree> checkpoints = new HashMap<>();
    final Map<String, String> checkpointSession = new HashMap<>();
    final Set<String> taintedCheckpoints = new HashSet<>();
    final Map<String, ForkPoint> forkPoints = new HashMap<>();
    /** Per (target|source) pair: the merge bases recorded by its merges, by the target's event sequence. */
    final Map<String, java.util.TreeMap<Long, List<Tree>>> mergeBases = new HashMap<>();

    private final Map<String, long[][]> acked = new HashMap<>();
    private final MergeCheck merges;

    Replay(History h, Report report, EventMatcher matcher) {
        this.h = h;
        this.report = report;
        this.matcher = matcher;
        this.merges = new MergeCheck(this);
        h.events()
                .forEach((id, log) -> sessions.put(
                        id, new SessionModel(id, log, matcher.steps().get(id))));
        indexAcks();
    }

    void run() {
        for (SessionModel m : sessions.values()) {
            advance(m.id, m.last());
        }
    }

    /** Replays {@code session} up to {@code seq} (as far as possible when called again while it replays). */
    void advance(String session, long seq) {
        SessionModel m = sessions.get(session);
        if (m == null || m.done >= seq || m.busy) {
            return;
        }
        m.busy = true;
        try {
            while (m.done < Math.min(seq, m.last())) {
                Step step = m.steps[m.done + 1];
                if (step == null) {
                    generic(m, m.done + 1);
                    continue;
                }
                try {
                    process(m, step);
                } catch (RuntimeException e) {
                    fail(
                            Finding.Kind.WRONG_RESULT,
                            step.call(),
                            m.id,
                            step.first(),
                            "the checker could not replay it: " + e);
                    for (long q = step.first(); q <= step.last(); q++) {
                        State pre = m.at(q - 1);
                        m.states[(int) q] = pre == null ? null : pre.taint();
                    }
                }
                m.done = (int) step.last();
            }
        } finally {
            m.busy = false;
        }
    }

    private void process(SessionModel m, Step step) {
        if (step.call() == null) {
            m.states[(int) step.first()] = new State(Tree.EMPTY, "ACTIVE", Tree.EMPTY, Set.of(), false);
            report.count("events replayed");
            return;
        }
        report.count("events replayed", step.last() - step.first() + 1);
        Call c = step.call();
        State pre = m.at(step.first() - 1);
        if (c.op() instanceof Op.Fork f && !m.id.equals(f.session())) {
            forked(m, step, c);
            return;
        }
        if (pre == null) {
            throw new IllegalStateException("no state before event #" + step.first());
        }
        if (pre.tainted()) {
            for (long q = step.first(); q <= step.last(); q++) {
                generic(m, q);
            }
            return;
        }
        switch (c.op()) {
            case Op.Fork f -> forkCreated(m, step, pre);
            case Op.Checkpoint k -> checkpoint(m, step, pre, c, k);
            case Op.Restore r -> restore(m, step, pre, c, r);
            case Op.Commit k -> commit(m, step, pre, c, k);
            case Op.Merge mg -> merges.check(m, step, pre, c, mg);
            default -> mutation(m, step, pre, c);
        }
    }

    private void mutation(SessionModel m, Step step, State pre, Call c) {
        List<Event> events = m.log.subList((int) step.first() - 1, (int) step.last());
        if (!pre.status().equals("ACTIVE")) {
            fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    step.first(),
                    "applied while the session was " + pre.status());
        }
        if (c.op() instanceof Op.Sync y
                && y.expectedFingerprint() != null
                && !y.expectedFingerprint().equals(pre.tree().fingerprint())) {
            fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    step.first(),
                    "synced although expectedFingerprint " + y.expectedFingerprint() + " is not the fingerprint "
                            + pre.tree().fingerprint() + " at its position");
        }
        ModelOps.Result r = ModelOps.apply(pre.tree(), c.op());
        if (r instanceof ModelOps.Fail f) {
            fail(
                    f.reason().equals("STALE_EXPECTED_HASH")
                            ? Finding.Kind.PRECONDITION_VIOLATED
                            : Finding.Kind.WRONG_RESULT,
                    c,
                    m.id,
                    step.first(),
                    "applied, but in the state it was ordered after the model refuses it with " + f.reason()
                            + preconditionDetail(pre.tree(), c.op()));
            for (long q = step.first(); q <= step.last(); q++) {
                generic(m, q);
            }
            return;
        }
        ModelOps.Ok ok = (ModelOps.Ok) r;
        Tree tree = ok.tree();
        if (ok.events().size() != events.size()) {
            fail(
                    Finding.Kind.WRONG_RESULT,
                    c,
                    m.id,
                    step.first(),
                    "recorded " + events.size() + " events, the model expects "
                            + ok.events().size());
        }
        for (int i = 0; i < Math.min(events.size(), ok.events().size()); i++) {
            ModelOps.Expected x = ok.events().get(i);
            Event e = events.get(i);
            if (!x.type().equals(e.type()) || !x.path().equals(e.path())) {
                fail(
                        Finding.Kind.WRONG_RESULT,
                        c,
                        m.id,
                        e.seq(),
                        "event " + e.type() + " " + e.path() + " where the model expects " + x.type() + " " + x.path());
            } else if (x.type().equals("FILE_WRITTEN")) {
                // a partial write's event may leave the hash out (computed lazily); the answer carries it
                String got = e.detail("contentHash");
                if (got.isEmpty() && c.outcome() == Call.Outcome.OK && c.op() instanceof Op.Patch) {
                    got = c.body().path("contentHash").asText();
                }
                if (x.hash().equals(ModelOps.UNKNOWN)) {
                    if (got.isEmpty()) {
                        set(m, step, pre.withTree(tree).taint());
                        return;
                    }
                    tree = tree.with(x.path(), new Tree.File(got, null));
                } else if (!got.isEmpty() && !x.hash().equals(got)) {
                    fail(
                            Finding.Kind.WRONG_RESULT,
                            c,
                            m.id,
                            e.seq(),
                            "FILE_WRITTEN " + x.path() + " has content hash " + got + ", the model computes "
                                    + x.hash());
                }
            }
        }
        set(m, step, pre.withTree(tree));
        if (c.outcome() != Call.Outcome.OK) {
            return;
        }
        JsonNode b = c.body();
        switch (c.op()) {
            case Op.Write w ->
                expectEqual(
                        c,
                        m.id,
                        step.last(),
                        "answer's contentHash",
                        w.hash(),
                        b.path("contentHash").asText());
            case Op.Patch p ->
                expectEqual(
                        c,
                        m.id,
                        step.last(),
                        "answer's contentHash",
                        tree.fileHash(p.path()),
                        b.path("contentHash").asText());
            case Op.Batch x ->
                expectEqual(
                        c,
                        m.id,
                        step.last(),
                        "answer's fingerprint",
                        tree.fingerprint(),
                        b.path("fingerprint").asText());
            case Op.Sync s -> {
                expectEqual(
                        c,
                        m.id,
                        step.last(),
                        "answer's fingerprint",
                        tree.fingerprint(),
                        b.path("fingerprint").asText());
                ModelDiff.Stats st = ok.stats();
                String want = st.added() + "/" + st.modified() + "/" + st.deleted();
                JsonNode as = b.path("stats");
                expectEqual(
                        c,
                        m.id,
                        step.last(),
                        "answer's added/modified/deleted",
                        want,
                        as.path("added").asLong() + "/" + as.path("modified").asLong() + "/"
                                + as.path("deleted").asLong());
                Event e = events.getLast();
                JsonNode d = e.details();
                expectEqual(
                        c,
                        m.id,
                        e.seq(),
                        "TARBALL_SYNCED added/modified/deleted",
                        want,
                        d.path("added").asLong() + "/" + d.path("modified").asLong() + "/"
                                + d.path("deleted").asLong());
            }
            default -> {}
        }
    }

    private void forkCreated(SessionModel m, Step step, State pre) {
        Event e = m.event(step.first());
        expectEqual(
                step.call(),
                m.id,
                e.seq(),
                "FORK_CREATED forkFingerprint",
                pre.tree().fingerprint(),
                e.detail("forkFingerprint"));
        String child = e.detail("childSessionId");
        forkPoints.put(child, new ForkPoint(m.id, child, pre.tree(), e.at(), pre.tainted()));
        set(m, step, pre);
    }

    private void forked(SessionModel m, Step step, Call c) {
        Event e = m.event(step.first());
        String parent = e.detail("parentSessionId");
        SessionModel pm = sessions.get(parent);
        if (pm != null) {
            for (Event pe : pm.log) {
                if (pe.type().equals("FORK_CREATED")
                        && pe.detail("childSessionId").equals(m.id)) {
                    advance(parent, pe.seq());
                }
            }
        }
        ForkPoint fp = forkPoints.get(m.id);
        if (fp == null) {
            fail(
                    Finding.Kind.UNEXPLAINED_EFFECT,
                    c,
                    m.id,
                    e.seq(),
                    "the parent " + parent + " has no FORK_CREATED for this child");
            m.states[(int) step.first()] = new State(Tree.EMPTY, "ACTIVE", Tree.EMPTY, Set.of(), true);
            return;
        }
        List<ForkPoint> lineage = new ArrayList<>(pm == null ? List.of() : pm.lineage);
        lineage.add(fp);
        m.lineage = List.copyOf(lineage);
        State s = new State(fp.tree(), "ACTIVE", fp.tree(), Set.of(), fp.tainted());
        m.states[(int) step.first()] = s;
        if (fp.tainted()) {
            return;
        }
        expectEqual(
                c,
                m.id,
                e.seq(),
                "SESSION_FORKED forkFingerprint",
                fp.tree().fingerprint(),
                e.detail("forkFingerprint"));
        if (c.outcome() == Call.Outcome.OK) {
            expectEqual(
                    c,
                    m.id,
                    e.seq(),
                    "the child's fingerprint in the answer",
                    fp.tree().fingerprint(),
                    c.body().path("fingerprint").asText());
        }
    }

    private void checkpoint(SessionModel m, Step step, State pre, Call c, Op.Checkpoint k) {
        Event e = m.event(step.first());
        if (k.name() != null && pre.names().contains(k.name())) {
            fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    e.seq(),
                    "a second checkpoint named '" + k.name() + "' was created");
        }
        Set<String> names = new HashSet<>(pre.names());
        if (k.name() != null) {
            names.add(k.name());
        }
        snapshot(m.id, e.detail("checkpointId"), pre);
        expectEqual(
                c, m.id, e.seq(), "CHECKPOINT_CREATED fingerprint", pre.tree().fingerprint(), e.detail("fingerprint"));
        if (c.outcome() == Call.Outcome.OK) {
            expectEqual(
                    c,
                    m.id,
                    e.seq(),
                    "answer's fingerprint",
                    pre.tree().fingerprint(),
                    c.body().path("fingerprint").asText());
        }
        set(m, step, new State(pre.tree(), pre.status(), pre.lastCommit(), Set.copyOf(names), false));
    }

    private void restore(SessionModel m, Step step, State pre, Call c, Op.Restore r) {
        Tree snap = checkpoints.get(r.checkpointId());
        long q = step.first();
        if (r.safetyCheckpoint()) {
            Event e = m.event(q++);
            snapshot(m.id, e.detail("checkpointId"), pre);
        }
        boolean statusEvent = q <= step.last() && m.event(q).type().equals("SESSION_STATUS_CHANGED");
        if (statusEvent != pre.status().equals("CONFLICT")) {
            fail(
                    Finding.Kind.WRONG_RESULT,
                    c,
                    m.id,
                    q,
                    "restore from " + pre.status() + (statusEvent ? " recorded" : " did not record")
                            + " a status change");
        }
        Event restored = m.event(step.last());
        if (snap == null || !m.id.equals(checkpointSession.get(r.checkpointId()))) {
            fail(
                    Finding.Kind.UNEXPLAINED_EFFECT,
                    c,
                    m.id,
                    restored.seq(),
                    "restored a checkpoint the model does not know in this session");
            set(m, step, pre.withStatus("ACTIVE").taint());
            return;
        }
        expectEqual(
                c,
                m.id,
                restored.seq(),
                "SESSION_RESTORED fromFingerprint",
                pre.tree().fingerprint(),
                restored.detail("fromFingerprint"));
        expectEqual(
                c,
                m.id,
                restored.seq(),
                "SESSION_RESTORED toFingerprint",
                snap.fingerprint(),
                restored.detail("toFingerprint"));
        State after =
                new State(snap, "ACTIVE", pre.lastCommit(), pre.names(), taintedCheckpoints.contains(r.checkpointId()));
        set(m, step, after);
        if (c.outcome() == Call.Outcome.OK) {
            expectEqual(
                    c,
                    m.id,
                    restored.seq(),
                    "answer's fingerprint",
                    snap.fingerprint(),
                    c.body().path("fingerprint").asText());
        }
    }

    private void commit(SessionModel m, Step step, State pre, Call c, Op.Commit k) {
        Event e = m.event(step.first());
        String fp = pre.tree().fingerprint();
        if (!pre.status().equals("ACTIVE")) {
            fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    e.seq(),
                    "committed while the session was " + pre.status());
        }
        if (k.expectedFingerprint() != null && !k.expectedFingerprint().equals(fp)) {
            fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    e.seq(),
                    "committed although expectedFingerprint " + k.expectedFingerprint() + " is not the fingerprint "
                            + fp + " at its position");
        }
        ModelDiff.Stats st = ModelDiff.Stats.of(ModelDiff.between(pre.lastCommit(), pre.tree()));
        if (st.isEmpty() && !k.allowEmpty()) {
            fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    e.seq(),
                    "committed although nothing changed since the last commit");
        }
        String want = st.added() + "/" + st.modified() + "/" + st.deleted();
        JsonNode d = e.details();
        expectEqual(
                c,
                m.id,
                e.seq(),
                "COMMIT_CREATED added/modified/deleted",
                want,
                d.path("added").asLong() + "/" + d.path("modified").asLong() + "/"
                        + d.path("deleted").asLong());
        expectEqual(c, m.id, e.seq(), "COMMIT_CREATED fingerprint", fp, e.detail("fingerprint"));
        if (c.outcome() == Call.Outcome.OK) {
            expectEqual(
                    c,
                    m.id,
                    e.seq(),
                    "answer's fingerprint",
                    fp,
                    c.body().path("fingerprint").asText());
        }
        set(m, step, new State(pre.tree(), pre.status(), pre.tree(), pre.names(), false));
    }

    /** Applies one event without a call to the model as its own record says, to keep track after a finding. */
    void generic(SessionModel m, long seq) {
        Event e = m.event(seq);
        State pre = m.at(seq - 1);
        if (pre == null) {
            pre = new State(Tree.EMPTY, "ACTIVE", Tree.EMPTY, Set.of(), true);
        }
        State s = pre;
        switch (e.type()) {
            case "SESSION_CREATED" -> s = new State(Tree.EMPTY, "ACTIVE", Tree.EMPTY, Set.of(), false);
            case "SESSION_FORKED" -> {
                ForkPoint fp = forkPoints.get(m.id);
                s = fp == null
                        ? new State(Tree.EMPTY, "ACTIVE", Tree.EMPTY, Set.of(), true)
                        : new State(fp.tree(), "ACTIVE", fp.tree(), Set.of(), fp.tainted());
            }
            case "FILE_WRITTEN" ->
                s = e.detail("contentHash").isEmpty()
                        ? pre.taint()
                        : pre.withTree(pre.tree().with(e.path(), new Tree.File(e.detail("contentHash"), null)));
            case "FILE_DELETED", "DIRECTORY_DELETED" ->
                s = pre.withTree(pre.tree().without(e.path()));
            case "DIRECTORY_CREATED" -> s = pre.withTree(pre.tree().with(e.path(), Tree.DIR));
            case "PATH_RENAMED" ->
                s = pre.tree().exists(e.detail("fromPath"))
                        ? pre.withTree(pre.tree().move(e.detail("fromPath"), e.detail("toPath")))
                        : pre.taint();
            case "SESSION_STATUS_CHANGED" -> s = pre.withStatus(e.detail("to").replace("SESSION_STATUS_", ""));
            case "CHECKPOINT_CREATED" -> snapshot(m.id, e.detail("checkpointId"), pre);
            case "COMMIT_CREATED" -> s = new State(pre.tree(), pre.status(), pre.tree(), pre.names(), pre.tainted());
            case "FORK_CREATED" ->
                forkPoints.put(
                        e.detail("childSessionId"),
                        new ForkPoint(m.id, e.detail("childSessionId"), pre.tree(), e.at(), pre.tainted()));
            case "SESSION_RESTORED" -> {
                Tree snap = checkpoints.get(e.detail("checkpointId"));
                s = snap == null ? pre.taint() : pre.withTree(snap);
            }
            case "MERGE_CONFLICTED" -> {}
            default -> s = pre.taint();
        }
        m.states[(int) seq] = s;
        m.done = (int) Math.max(m.done, seq);
    }

    private void snapshot(String session, String id, State s) {
        checkpoints.put(id, s.tree());
        checkpointSession.put(id, session);
        if (s.tainted()) {
            taintedCheckpoints.add(id);
        }
    }

    /** Sets the states of a step: only its last event leaves a visible state. */
    void set(SessionModel m, Step step, State after) {
        for (long q = step.first(); q < step.last(); q++) {
            m.states[(int) q] = null;
        }
        m.states[(int) step.last()] = after;
    }

    void expectEqual(Call c, String session, long seq, String what, String want, String got) {
        if (!want.equals(got)) {
            fail(Finding.Kind.WRONG_RESULT, c, session, seq, what + " is " + got + ", the model gives " + want);
        }
    }

    void fail(Finding.Kind kind, Call c, String session, long seq, String message) {
        report.add(new Finding(kind, c, session, seq, message, EventMatcher.around(h, session, seq)));
    }

    private static String preconditionDetail(Tree t, Op op) {
        return switch (op) {
            case Op.Write w
            when w.expectedHash() != null ->
                " (expected " + w.expectedHash() + ", the model has "
                        + (t.fileHash(w.path()).isEmpty() ? "(absent)" : t.fileHash(w.path())) + ")";
            case Op.Patch p
            when p.expectedHash() != null ->
                " (expected " + p.expectedHash() + ", the model has "
                        + (t.fileHash(p.path()).isEmpty() ? "(absent)" : t.fileHash(p.path())) + ")";
            default -> "";
        };
    }

    // ---- windows

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
        SessionModel m = sessions.get(session);
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
        SessionModel m = sessions.get(session);
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
