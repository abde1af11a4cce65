package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.e2e.history.EventMatcher.Step;
import java.time.Instant;
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

    final Windows windows;
    private final MergeCheck merges;
    private final SessionSteps steps;

    Replay(History h, Report report, EventMatcher matcher) {
        this.h = h;
        this.report = report;
        this.matcher = matcher;
        this.merges = new MergeCheck(this);
        this.steps = new SessionSteps(this);
        h.events()
                .forEach((id, log) -> sessions.put(
                        id, new SessionModel(id, log, matcher.steps().get(id))));
        this.windows = new Windows(this, matcher);
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
            steps.forked(m, step, c);
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
            case Op.Fork f -> steps.forkCreated(m, step, pre);
            case Op.Checkpoint k -> steps.checkpoint(m, step, pre, c, k);
            case Op.Restore r -> steps.restore(m, step, pre, c, r);
            case Op.Commit k -> steps.commit(m, step, pre, c, k);
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
            case Op.Rename rn -> {
                if (tree.isFile(rn.to())) {
                    expectEqual(
                            c,
                            m.id,
                            step.last(),
                            "answer's contentHash of the renamed file at " + rn.to(),
                            tree.fileHash(rn.to()),
                            b.path("contentHash").asText());
                }
            }
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

    void snapshot(String session, String id, State s) {
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
}
