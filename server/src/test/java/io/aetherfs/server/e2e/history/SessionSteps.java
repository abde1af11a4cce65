package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.e2e.history.EventMatcher.Step;
import io.aetherfs.server.e2e.history.Replay.ForkPoint;
import io.aetherfs.server.e2e.history.Replay.SessionModel;
import io.aetherfs.server.e2e.history.Replay.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The replay steps of the session-level operations other than merges: fork (on the parent and on the
 * child), checkpoint, restore and commit, each checked against the model state before it (fork points
 * and checkpoints keep that state; restore sets it; commit compares it with the last commit's tree).
 */
final class SessionSteps {
    private final Replay r;

    SessionSteps(Replay r) {
        this.r = r;
    }

    void forkCreated(SessionModel m, Step step, State pre) {
        Event e = m.event(step.first());
        r.expectEqual(
                step.call(),
                m.id,
                e.seq(),
                "FORK_CREATED forkFingerprint",
                pre.tree().fingerprint(),
                e.detail("forkFingerprint"));
        String child = e.detail("childSessionId");
        r.forkPoints.put(child, new ForkPoint(m.id, child, pre.tree(), e.at(), pre.tainted()));
        r.set(m, step, pre);
    }

    void forked(SessionModel m, Step step, Call c) {
        Event e = m.event(step.first());
        String parent = e.detail("parentSessionId");
        SessionModel pm = r.sessions.get(parent);
        if (pm != null) {
            for (Event pe : pm.log) {
                if (pe.type().equals("FORK_CREATED")
                        && pe.detail("childSessionId").equals(m.id)) {
                    r.advance(parent, pe.seq());
                }
            }
        }
        ForkPoint fp = r.forkPoints.get(m.id);
        if (fp == null) {
            r.fail(
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
        r.expectEqual(
                c,
                m.id,
                e.seq(),
                "SESSION_FORKED forkFingerprint",
                fp.tree().fingerprint(),
                e.detail("forkFingerprint"));
        if (c.outcome() == Call.Outcome.OK) {
            r.expectEqual(
                    c,
                    m.id,
                    e.seq(),
                    "the child's fingerprint in the answer",
                    fp.tree().fingerprint(),
                    c.body().path("fingerprint").asText());
        }
    }

    void checkpoint(SessionModel m, Step step, State pre, Call c, Op.Checkpoint k) {
        Event e = m.event(step.first());
        if (k.name() != null && pre.names().contains(k.name())) {
            r.fail(
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
        r.snapshot(m.id, e.detail("checkpointId"), pre);
        r.expectEqual(
                c, m.id, e.seq(), "CHECKPOINT_CREATED fingerprint", pre.tree().fingerprint(), e.detail("fingerprint"));
        if (c.outcome() == Call.Outcome.OK) {
            r.expectEqual(
                    c,
                    m.id,
                    e.seq(),
                    "answer's fingerprint",
                    pre.tree().fingerprint(),
                    c.body().path("fingerprint").asText());
        }
        r.set(m, step, new State(pre.tree(), pre.status(), pre.lastCommit(), Set.copyOf(names), false));
    }

    void restore(SessionModel m, Step step, State pre, Call c, Op.Restore op) {
        Tree snap = r.checkpoints.get(op.checkpointId());
        long q = step.first();
        if (op.safetyCheckpoint()) {
            Event e = m.event(q++);
            r.snapshot(m.id, e.detail("checkpointId"), pre);
        }
        boolean statusEvent = q <= step.last() && m.event(q).type().equals("SESSION_STATUS_CHANGED");
        if (statusEvent != pre.status().equals("CONFLICT")) {
            r.fail(
                    Finding.Kind.WRONG_RESULT,
                    c,
                    m.id,
                    q,
                    "restore from " + pre.status() + (statusEvent ? " recorded" : " did not record")
                            + " a status change");
        }
        Event restored = m.event(step.last());
        if (snap == null || !m.id.equals(r.checkpointSession.get(op.checkpointId()))) {
            r.fail(
                    Finding.Kind.UNEXPLAINED_EFFECT,
                    c,
                    m.id,
                    restored.seq(),
                    "restored a checkpoint the model does not know in this session");
            r.set(m, step, pre.withStatus("ACTIVE").taint());
            return;
        }
        r.expectEqual(
                c,
                m.id,
                restored.seq(),
                "SESSION_RESTORED fromFingerprint",
                pre.tree().fingerprint(),
                restored.detail("fromFingerprint"));
        r.expectEqual(
                c,
                m.id,
                restored.seq(),
                "SESSION_RESTORED toFingerprint",
                snap.fingerprint(),
                restored.detail("toFingerprint"));
        State after = new State(
                snap, "ACTIVE", pre.lastCommit(), pre.names(), r.taintedCheckpoints.contains(op.checkpointId()));
        r.set(m, step, after);
        if (c.outcome() == Call.Outcome.OK) {
            r.expectEqual(
                    c,
                    m.id,
                    restored.seq(),
                    "answer's fingerprint",
                    snap.fingerprint(),
                    c.body().path("fingerprint").asText());
        }
    }

    void commit(SessionModel m, Step step, State pre, Call c, Op.Commit k) {
        Event e = m.event(step.first());
        String fp = pre.tree().fingerprint();
        if (!pre.status().equals("ACTIVE")) {
            r.fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    e.seq(),
                    "committed while the session was " + pre.status());
        }
        if (k.expectedFingerprint() != null && !k.expectedFingerprint().equals(fp)) {
            r.fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    e.seq(),
                    "committed although expectedFingerprint " + k.expectedFingerprint() + " is not the fingerprint "
                            + fp + " at its position");
        }
        ModelDiff.Stats st = ModelDiff.Stats.of(ModelDiff.between(pre.lastCommit(), pre.tree()));
        if (st.isEmpty() && !k.allowEmpty()) {
            r.fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    m.id,
                    e.seq(),
                    "committed although nothing changed since the last commit");
        }
        String want = st.added() + "/" + st.modified() + "/" + st.deleted();
        JsonNode d = e.details();
        r.expectEqual(
                c,
                m.id,
                e.seq(),
                "COMMIT_CREATED added/modified/deleted",
                want,
                d.path("added").asLong() + "/" + d.path("modified").asLong() + "/"
                        + d.path("deleted").asLong());
        r.expectEqual(c, m.id, e.seq(), "COMMIT_CREATED fingerprint", fp, e.detail("fingerprint"));
        if (c.outcome() == Call.Outcome.OK) {
            r.expectEqual(
                    c,
                    m.id,
                    e.seq(),
                    "answer's fingerprint",
                    fp,
                    c.body().path("fingerprint").asText());
        }
        r.set(m, step, new State(pre.tree(), pre.status(), pre.tree(), pre.names(), false));
    }
}
