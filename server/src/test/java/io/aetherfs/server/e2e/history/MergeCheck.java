package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.e2e.history.EventMatcher.Step;
import io.aetherfs.server.e2e.history.Replay.ForkPoint;
import io.aetherfs.server.e2e.history.Replay.SessionModel;
import io.aetherfs.server.e2e.history.Replay.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one merge step against the model. A merge reads the source at some moment between its call
 * and its commit, computes against the target as it was at some moment after the call began, and
 * applies its changes on top of whatever the target became by its commit. So: some source state and
 * some target state within the call's window, with the ancestor the spec's rules allow (the pair's
 * recorded merge base, else the fork point, else empty) and named by the answer's fingerprint, must
 * give exactly the answer's applied changes, conflicts and line-merged paths; the changes must apply
 * to the target at the event's position without overwriting a concurrent change of the same paths;
 * and the target's new tree must have the answer's fingerprint.
 */
final class MergeCheck {
    private final Replay r;

    MergeCheck(Replay r) {
        this.r = r;
    }

    void check(SessionModel m, Step step, State pre, Call c, Op.Merge op) {
        String target = m.id;
        String source = op.source();
        Event last = m.event(step.last());
        boolean conflicted = last.type().equals("MERGE_CONFLICTED");
        boolean statusEvent = step.first() < step.last();
        if (statusEvent
                != (conflicted ? pre.status().equals("ACTIVE") : pre.status().equals("CONFLICT"))) {
            r.fail(
                    Finding.Kind.WRONG_RESULT,
                    c,
                    target,
                    step.first(),
                    "a merge " + (conflicted ? "with" : "without") + " conflicts from " + pre.status()
                            + (statusEvent ? " recorded" : " did not record") + " a status change");
        }
        String status = conflicted ? "CONFLICT" : "ACTIVE";
        SessionModel sm = r.sessions.get(source);
        if (c.outcome() != Call.Outcome.OK || sm == null) {
            r.report.count("merges not checked (unanswered)");
            r.set(m, step, pre.withStatus(status).taint());
            return;
        }
        JsonNode b = c.body();
        // the source was read before this merge's change ran: no later source event (same server clock)
        // can be in it, so the bound is the event's time without skew (which also keeps two merges in
        // opposite directions from needing each other's results)
        long hiS = Math.min(
                r.windows.occurredBy(source, last.at(), java.time.Duration.ZERO),
                r.windows.occurredBy(source, c.endWall()));
        r.advance(source, hiS);
        if (op.fromChild() && sm.lineage.stream().noneMatch(f -> f.parent().equals(target))) {
            r.fail(
                    Finding.Kind.PRECONDITION_VIOLATED,
                    c,
                    target,
                    last.seq(),
                    ":merge of " + source + ", which does not descend from the target, was applied");
        }
        Map<String, Long> sources = new LinkedHashMap<>();
        for (long q : r.windows
                .window(source, r.windows.ackedBefore(source, c.startNanos()), hiS)
                .reversed()) {
            State s = sm.state(q);
            if (s.tainted()) {
                r.report.count("merges not checked (source untracked)");
                r.set(m, step, pre.withStatus(status).taint());
                return;
            }
            sources.putIfAbsent(s.tree().fingerprint(), q);
        }
        List<Long> ours = conflicted
                ? List.of(step.first() - 1)
                : r.windows
                        .window(target, r.windows.ackedBefore(target, c.startNanos()), step.first() - 1)
                        .reversed();
        String ancestorFp = b.path("ancestorFingerprint").asText();
        List<Tree> allowed = allowedAncestors(target, source, step.first() - 1);
        Tree ancestor = find(allowed, ancestorFp);
        long staleAt = 0;
        if (ancestor == null) {
            // the ancestor the pair had earlier in the call's window: a merge base that moved meanwhile
            long lo = r.windows.ackedBefore(target, c.startNanos());
            for (long q = step.first() - 2; q >= Math.max(1, lo) && ancestor == null; q--) {
                ancestor = find(allowedAncestors(target, source, q), ancestorFp);
                staleAt = q;
            }
        }
        if (ancestor == null) {
            r.fail(
                    Finding.Kind.WRONG_RESULT,
                    c,
                    target,
                    last.seq(),
                    "merged against ancestor " + ancestorFp + "; the spec's rules allow "
                            + allowed.stream().map(Tree::fingerprint).toList());
            r.set(m, step, pre.withStatus(status).taint());
            return;
        }
        MergeAnswer want = MergeAnswer.of(b);
        ModelMerge.Oracle oracle = new ModelMerge.Oracle(
                want.lineMerged(), want.newHashes(), want.conflicts().keySet());
        ModelMerge.Outcome match = null;
        Tree matchedSource = null;
        List<Tree> matchedSources = new ArrayList<>();
        String firstMismatch = null;
        for (long o : ours) {
            Tree oursTree = m.state(o).tree();
            for (long q : sources.values()) {
                Tree theirs = sm.state(q).tree();
                ModelMerge.Outcome out =
                        ModelMerge.merge(ancestor, oursTree, theirs, op.strategy(), op.lineMerge(), oracle);
                String diff = want.differences(out);
                if (diff.isEmpty()) {
                    // of the states that explain the answer, prefer one that needs no deviation from the spec
                    if (match == null
                            || out.deviations().size() < match.deviations().size()) {
                        match = out;
                        matchedSource = theirs;
                    }
                    if (!matchedSources.contains(theirs)) {
                        matchedSources.add(theirs);
                    }
                } else if (firstMismatch == null) {
                    firstMismatch = "against ancestor " + ancestor + ", target #" + o + " " + oursTree + " and source #"
                            + q + " " + theirs + " the model gives " + diff
                            + "; ancestor/target/source at those paths: "
                            + triples(want, out, ancestor, oursTree, theirs);
                }
            }
        }
        r.report.count("merges checked");
        if (match != null) {
            r.report.count(
                    "line merges taken from the answer", match.lineMerged().size());
            for (String p : match.deviations()) {
                r.report.count("directories equal to the ancestor taken as changed");
                r.fail(
                        Finding.Kind.WRONG_RESULT,
                        c,
                        target,
                        last.seq(),
                        "took directory " + p + " as changed on one side"
                                + " although its content equals the ancestor's there (tree hash "
                                + ModelDiff.hash(ancestor, p)
                                + "): spec §8.5 compares entries by content, so the other side's version should stand without"
                                + " a conflict; the answer shows "
                                + (want.conflicts().containsKey(p)
                                        ? "a " + want.conflicts().get(p) + " conflict"
                                        : op.strategy() + " resolving a conflict"));
            }
        }
        if (match == null) {
            r.fail(
                    Finding.Kind.WRONG_RESULT,
                    c,
                    target,
                    last.seq(),
                    "no target state in " + ours + " and source state in "
                            + sources.values() + " explains the answer "
                            + b.path("result").asText() + " " + want + "; "
                            + outside(m, sm, step, ancestor, op, oracle, want)
                            + "; "
                            + firstMismatch);
            r.set(m, step, pre.withStatus(status).taint());
            return;
        }
        if (conflicted) {
            expect(
                    c,
                    target,
                    last,
                    "answer's result",
                    "MERGE_RESULT_CONFLICT",
                    b.path("result").asText());
            r.expectEqual(
                    c,
                    target,
                    last.seq(),
                    "answer's fingerprint",
                    pre.tree().fingerprint(),
                    b.path("fingerprint").asText());
            r.set(m, step, pre.withStatus("CONFLICT"));
            return;
        }
        Tree after = onto(c, target, last, pre.tree(), match, matchedSource);
        if (staleAt > 0) {
            stale(c, target, last, pre, op, allowed, ancestorFp, staleAt, matchedSource, after);
        }
        expect(
                c,
                target,
                last,
                "answer's result",
                match.applied().isEmpty() ? "MERGE_RESULT_UP_TO_DATE" : "MERGE_RESULT_MERGED",
                b.path("result").asText());
        r.expectEqual(
                c,
                target,
                last.seq(),
                "answer's fingerprint (the target after the merge)",
                after.fingerprint(),
                b.path("fingerprint").asText());
        r.expectEqual(
                c,
                target,
                last.seq(),
                "MERGE_COMPLETED applied",
                Integer.toString(match.applied().size()),
                Long.toString(last.details().path("applied").asLong()));
        r.mergeBases
                .computeIfAbsent(target + "|" + source, k -> new java.util.TreeMap<>())
                .put(last.seq(), List.copyOf(matchedSources));
        r.set(m, step, new State(after, "ACTIVE", pre.lastCommit(), pre.names(), false));
    }

    /**
     * Reports a merge computed against a merge base that a concurrent merge of the same pair replaced
     * before this one committed, and whether the pair's current base would have given another tree.
     */
    private void stale(
            Call c,
            String target,
            Event last,
            State pre,
            Op.Merge op,
            List<Tree> current,
            String usedFp,
            long staleAt,
            Tree theirs,
            Tree after) {
        StringBuilder effect = new StringBuilder();
        for (Tree base : current) {
            ModelMerge.Outcome alt =
                    ModelMerge.merge(base, pre.tree(), theirs, op.strategy(), op.lineMerge(), ModelMerge.Oracle.NONE);
            if (!alt.conflicts().isEmpty()) {
                effect.append(" with ")
                        .append(base.fingerprint(), 0, 12)
                        .append(" it would have conflicted on ")
                        .append(alt.conflicts().keySet())
                        .append(';');
            } else if (!alt.merged().equals(after)) {
                effect.append(" with ")
                        .append(base.fingerprint(), 0, 12)
                        .append(" the target would differ: ")
                        .append(after.differences(alt.merged()))
                        .append(" (server vs sequential);");
            }
        }
        r.report.count(effect.isEmpty() ? "stale-base merges (same result)" : "stale-base merges (different result)");
        r.fail(
                Finding.Kind.WRONG_RESULT,
                c,
                target,
                last.seq(),
                "merged against ancestor " + usedFp
                        + ", the pair's merge base as of event #" + staleAt + ", but a merge of the same pair recorded "
                        + current.stream().map(Tree::fingerprint).toList()
                        + " before this one committed (a stale merge base);"
                        + (effect.isEmpty() ? " here the result is the same" : effect.toString()));
    }

    private void expect(Call c, String target, Event last, String what, String want, String got) {
        r.expectEqual(c, target, last.seq(), what, want, got);
    }

    /**
     * Returns {@code current} with the merge's changes applied, reporting any change whose path the
     * target changed since the state the merge was computed on (the merge would overwrite it).
     */
    private Tree onto(Call c, String target, Event last, Tree current, ModelMerge.Outcome out, Tree theirs) {
        Tree t = current;
        for (ModelDiff.Change ch : out.applied()) {
            String cur = ModelDiff.hash(current, ch.path());
            boolean fine = cur.equals(ch.oldHash())
                    || cur.equals(ch.newHash())
                    || (ch.type().equals("DIRECTORY") && !ch.kind().equals("DELETED") && current.isDir(ch.path()));
            if (!fine) {
                r.fail(
                        Finding.Kind.WRONG_RESULT,
                        c,
                        target,
                        last.seq(),
                        "the merge replaced " + ch.path() + " ("
                                + ch.kind() + " " + ch.oldHash() + " -> " + ch.newHash() + ") although the target held "
                                + cur
                                + " there when it committed: a concurrent change was overwritten");
            }
            if (ch.kind().equals("DELETED")) {
                t = t.without(ch.path());
            } else if (ch.type().equals("DIRECTORY")) {
                if (!t.isDir(ch.path())) {
                    t = t.without(ch.path()).with(ch.path(), Tree.DIR);
                }
            } else {
                byte[] bytes = theirs.fileHash(ch.path()).equals(ch.newHash())
                        ? ((Tree.File) theirs.get(ch.path())).bytes()
                        : null;
                t = t.with(ch.path(), new Tree.File(ch.newHash(), bytes));
            }
        }
        return t;
    }

    /**
     * Returns which states outside the call's window would explain the answer (a merge that read an
     * old source or target shows here), or that none would.
     */
    private static String outside(
            SessionModel m,
            SessionModel sm,
            Step step,
            Tree ancestor,
            Op.Merge op,
            ModelMerge.Oracle oracle,
            MergeAnswer want) {
        Map<String, Long> sources = new LinkedHashMap<>();
        for (long q = sm.done; q >= 1; q--) {
            State s = sm.state(q);
            if (s != null && !s.tainted()) {
                sources.putIfAbsent(s.tree().fingerprint(), q);
            }
        }
        for (long o = step.first() - 1; o >= Math.max(1, step.first() - 200); o--) {
            State t = m.state(o);
            if (t == null || t.tainted()) {
                continue;
            }
            for (long q : sources.values()) {
                ModelMerge.Outcome out =
                        ModelMerge.merge(ancestor, t.tree(), sm.state(q).tree(), op.strategy(), op.lineMerge(), oracle);
                if (want.differences(out).isEmpty()) {
                    return "outside the window it fits target state #" + o + " with source state #" + q;
                }
            }
        }
        return "no target state in the last 200 and no source state at all fits it";
    }

    /** Returns ancestor/ours/theirs hashes (first 8 digits, "-" when absent) of the paths where {@code out} and the answer differ. */
    private static String triples(MergeAnswer want, ModelMerge.Outcome out, Tree a, Tree o, Tree t) {
        java.util.TreeSet<String> paths =
                new java.util.TreeSet<>(want.conflicts().keySet());
        paths.addAll(out.conflicts().keySet());
        paths.addAll(want.applied().keySet());
        out.applied().forEach(ch -> paths.add(ch.path()));
        StringBuilder sb = new StringBuilder();
        for (String p : paths) {
            boolean same = java.util.Objects.equals(
                            want.conflicts().get(p), out.conflicts().get(p))
                    && want.applied().containsKey(p)
                            == out.applied().stream().anyMatch(ch -> ch.path().equals(p));
            if (!same) {
                sb.append(p)
                        .append('=')
                        .append(abbrev(a, p))
                        .append('/')
                        .append(abbrev(o, p))
                        .append('/')
                        .append(abbrev(t, p))
                        .append(' ');
            }
        }
        return sb.toString().strip();
    }

    private static String abbrev(Tree t, String p) {
        String h = ModelDiff.hash(t, p);
        return h.isEmpty() ? "-" : (t.isDir(p) ? "dir:" : "") + h.substring(0, 8);
    }

    private static Tree find(List<Tree> trees, String fingerprint) {
        return trees.stream()
                .filter(t -> t.fingerprint().equals(fingerprint))
                .findFirst()
                .orElse(null);
    }

    /**
     * Returns the ancestors spec §8.5 allows after the target's event {@code seq}: the merge bases the
     * pair's last merge up to there recorded, else the fork point, else empty.
     */
    private List<Tree> allowedAncestors(String target, String source, long seq) {
        java.util.TreeMap<Long, List<Tree>> bySeq = r.mergeBases.get(target + "|" + source);
        Map.Entry<Long, List<Tree>> recorded = bySeq == null ? null : bySeq.floorEntry(seq);
        if (recorded != null && !recorded.getValue().isEmpty()) {
            return recorded.getValue();
        }
        Tree fork = lineage(r.sessions.get(target).lineage, r.sessions.get(source).lineage, target, source);
        return List.of(fork != null ? fork : Tree.EMPTY);
    }

    /** The fork-point rule of {@code MergeBases.lineage}. */
    private static Tree lineage(List<ForkPoint> a, List<ForkPoint> b, String aId, String bId) {
        ForkPoint onA = forkOn(b, aId);
        if (onA != null) {
            return onA.tree();
        }
        ForkPoint onB = forkOn(a, bId);
        if (onB != null) {
            return onB.tree();
        }
        for (int i = a.size() - 1; i >= 0; i--) {
            String anc = a.get(i).parent();
            ForkPoint fa = forkOn(a, anc);
            ForkPoint fb = forkOn(b, anc);
            if (fb != null) {
                return fa.at().isBefore(fb.at()) ? fa.tree() : fb.tree();
            }
        }
        return null;
    }

    private static ForkPoint forkOn(List<ForkPoint> lineage, String ancestor) {
        for (ForkPoint f : lineage) {
            if (f.parent().equals(ancestor)) {
                return f;
            }
        }
        return null;
    }
}
