package io.aetherfs.server.e2e.history;

import static io.aetherfs.server.e2e.history.SynthHistory.files;
import static io.aetherfs.server.e2e.history.SynthHistory.hash;
import static io.aetherfs.server.e2e.history.SynthHistory.mergeAnswer;
import static io.aetherfs.server.e2e.history.SynthHistory.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The checker itself, on synthetic histories: it catches a dropped acknowledged write (no event, or
 * an event but not in the final manifest), an effect nobody explains, two winners of one expected-hash
 * round, a stale read, a lost merge, a merge against a stale merge base and a conflict on a directory
 * that did not change, and it accepts a correct history with overlapping writes, a won race, a fork
 * merged back, a checkpoint, a commit and a restore.
 */
class HistoryCheckerTest {
    private static final String S = "sess_s";
    private static final String R = "sess_race";

    @Test
    void check_acknowledgedWriteWithoutItsEvent_reportsAMissingEffect() {
        SynthHistory h = new SynthHistory().root(S);
        h.ok(
                0,
                new Op.Write(S, "a.txt", SynthHistory.bytes("v1"), null, false),
                0,
                10,
                obj().put("contentHash", hash("v1")));

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.MISSING_EFFECT);
        assertThat(r.findings().getFirst().call().op()).isInstanceOf(Op.Write.class);
    }

    @Test
    void check_acknowledgedWriteMissingFromTheFinalManifest_reportsTheFinalState() {
        SynthHistory h = new SynthHistory().root(S);
        h.write(0, S, "a.txt", "v1", null, 0, 10);
        h.finalTree(S, Tree.EMPTY);

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.FINAL_STATE);
        assertThat(r.findings().getFirst().message()).contains("a.txt");
    }

    @Test
    void check_eventNoCallExplains_reportsAnUnexplainedEffect() {
        SynthHistory h = new SynthHistory().root(S);
        h.write(0, S, "a.txt", "v1", null, 0, 10);
        h.event(S, "FILE_WRITTEN", "c01", 15, "b.txt", obj().put("contentHash", hash("nobody wrote this")));
        h.finalTree(
                S,
                Tree.of(java.util.Map.of(
                        "a.txt",
                        Tree.File.of(SynthHistory.bytes("v1")),
                        "b.txt",
                        new Tree.File(hash("nobody wrote this"), null))));

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.UNEXPLAINED_EFFECT);
        assertThat(r.findings().getFirst().seq()).isEqualTo(3);
    }

    @Test
    void check_twoWinnersOfOneExpectedHashRound_reportsTheSecondAsAViolatedPrecondition() {
        SynthHistory h = new SynthHistory().root(R).race(R);
        h.write(0, R, "race.txt", "v0", null, 0, 10);
        h.read(1, R, "race.txt", "v0", 20, 25);
        h.read(2, R, "race.txt", "v0", 20, 25);
        h.write(1, R, "race.txt", "by c01", hash("v0"), 30, 40);
        h.write(2, R, "race.txt", "by c02", hash("v0"), 30, 42);
        h.finalTree(R, files("race.txt", "by c02"));

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.PRECONDITION_VIOLATED);
        assertThat(r.findings().getFirst().call().client()).isEqualTo(2);
        assertThat(r.findings().getFirst().message()).contains("STALE_EXPECTED_HASH");
        assertThat(r.get("most winners of one conditional-write round")).isEqualTo(2);
    }

    @Test
    void check_readOlderThanAWriteAcknowledgedBeforeIt_reportsANonLinearizableRead() {
        SynthHistory h = new SynthHistory().root(S);
        h.write(0, S, "a.txt", "v1", null, 0, 10);
        h.write(0, S, "a.txt", "v2", null, 10, 20);
        h.read(1, S, "a.txt", "v1", 30, 40);
        h.finalTree(S, files("a.txt", "v2"));

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.NON_LINEARIZABLE_READ);
        assertThat(r.findings().getFirst().message()).contains("stale");
    }

    @Test
    void check_twoMergesBothMergedButOneFileLost_reportsTheAnswerAndTheFinalManifest() {
        SynthHistory h = new SynthHistory().root(S).session("sess_c1").session("sess_c2");
        fork(h, 0, S, "sess_c1", Tree.EMPTY, 10, 20);
        fork(h, 0, S, "sess_c2", Tree.EMPTY, 20, 30);
        h.write(1, "sess_c1", "x.txt", "x", null, 40, 50);
        h.write(2, "sess_c2", "y.txt", "y", null, 40, 50);
        merge(
                h,
                3,
                S,
                "sess_c1",
                60,
                80,
                70,
                mergeAnswer(
                        "MERGED", Tree.EMPTY.fingerprint(), files("x.txt", "x").fingerprint(), new String[] {
                            "x.txt", "ADDED", hash("x")
                        }));
        // the bug of issue 8: the second merge replaced the tree it had computed on, dropping x.txt
        merge(
                h,
                4,
                S,
                "sess_c2",
                60,
                80,
                71,
                mergeAnswer(
                        "MERGED", Tree.EMPTY.fingerprint(), files("y.txt", "y").fingerprint(), new String[] {
                            "y.txt", "ADDED", hash("y")
                        }));
        h.finalTree(S, files("y.txt", "y"));
        h.finalTree("sess_c1", files("x.txt", "x"));
        h.finalTree("sess_c2", files("y.txt", "y"));

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.WRONG_RESULT, Finding.Kind.FINAL_STATE);
        Finding wrong = r.findings().stream()
                .filter(f -> f.kind() == Finding.Kind.WRONG_RESULT)
                .findFirst()
                .orElseThrow();
        assertThat(wrong.call().client()).isEqualTo(4);
        assertThat(wrong.message()).contains("fingerprint");
        Finding lost = r.findings().stream()
                .filter(f -> f.kind() == Finding.Kind.FINAL_STATE)
                .findFirst()
                .orElseThrow();
        assertThat(lost.message()).contains("x.txt");
        assertThat(Excerpt.of(h.build(), wrong, 10))
                .contains("MERGE_COMPLETED by c04")
                .contains(":merge sess_c2");
    }

    @Test
    void check_mergeAgainstAMergeBaseAConcurrentMergeReplaced_reportsTheStaleBaseAndWhatItUndid() {
        SynthHistory h = new SynthHistory().root(S).session("sess_c");
        fork(h, 0, S, "sess_c", Tree.EMPTY, 10, 20);
        h.write(1, "sess_c", "x.txt", "x", null, 30, 40);
        merge(
                h,
                2,
                S,
                "sess_c",
                50,
                70,
                60,
                mergeAnswer(
                        "MERGED", Tree.EMPTY.fingerprint(), files("x.txt", "x").fingerprint(), new String[] {
                            "x.txt", "ADDED", hash("x")
                        }));
        h.event(S, "FILE_DELETED", "c03", 62, "x.txt", obj());
        h.ok(3, new Op.Delete(S, "x.txt", null), 61, 63, obj());
        // planned before the first merge recorded its base, so against the fork point: x.txt comes back
        merge(
                h,
                4,
                S,
                "sess_c",
                50,
                80,
                65,
                mergeAnswer(
                        "MERGED", Tree.EMPTY.fingerprint(), files("x.txt", "x").fingerprint(), new String[] {
                            "x.txt", "ADDED", hash("x")
                        }));
        h.finalTree(S, files("x.txt", "x"));
        h.finalTree("sess_c", files("x.txt", "x"));

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.WRONG_RESULT);
        assertThat(r.findings().getFirst().call().client()).isEqualTo(4);
        assertThat(r.findings().getFirst().message())
                .contains("stale merge base")
                .contains("x.txt");
    }

    @Test
    void check_mergeThatTakesAnUnchangedDirectoryAsModified_reportsTheSpuriousConflict() {
        SynthHistory h = new SynthHistory().root(S).session("sess_c");
        h.write(0, S, "d1/f.txt", "f", null, 0, 10);
        h.write(0, S, "d1/x/keep.txt", "keep", null, 10, 20);
        Tree before = files("d1/f.txt", "f", "d1/x/keep.txt", "keep");
        fork(h, 0, S, "sess_c", before, 30, 40);
        h.write(1, "sess_c", "d1/x/tmp.txt", "tmp", null, 50, 60);
        h.event("sess_c", "FILE_DELETED", "c01", 65, "d1/x/tmp.txt", obj());
        h.ok(1, new Op.Delete("sess_c", "d1/x/tmp.txt", null), 62, 68, obj());
        h.event(S, "DIRECTORY_DELETED", "c02", 75, "d1", obj().put("recursive", true));
        h.ok(2, new Op.Rmdir(S, "d1", true), 70, 80, obj());
        // the child changed nothing under d1 in the end, yet the merge calls d1 modified there
        ObjectNode answer = mergeAnswer("CONFLICT", before.fingerprint(), Tree.EMPTY.fingerprint());
        answer.putArray("conflicts").addObject().put("path", "d1").put("kind", "MERGE_CONFLICT_KIND_MODIFY_DELETE");
        h.event(
                S,
                "SESSION_STATUS_CHANGED",
                "c03",
                95,
                "",
                obj().put("trigger", "merge").put("to", "SESSION_STATUS_CONFLICT"));
        h.event(
                S,
                "MERGE_CONFLICTED",
                "c03",
                95,
                "",
                obj().put("sourceSessionId", "sess_c").put("conflictCount", 1));
        h.ok(3, new Op.Merge(S, "sess_c", true, "FAIL_ON_CONFLICT", true), 90, 100, answer);
        h.finalTree(S, Tree.EMPTY).finalTree("sess_c", before);

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.WRONG_RESULT);
        assertThat(r.findings().getFirst().message()).contains("directory d1").contains("equals the ancestor");
    }

    @Test
    void check_correctConcurrentHistory_hasNoFindings() {
        SynthHistory h = new SynthHistory().root(S).root(R).race(R).session("sess_c");
        h.write(0, S, "a.txt", "a1", null, 0, 10);
        h.write(1, S, "a.txt", "a2", null, 2, 12);
        h.read(2, S, "a.txt", "a1", 6, 9); // overlaps both writes: either value is linearizable
        h.write(0, R, "race.txt", "r0", null, 40, 45);
        h.read(1, R, "race.txt", "r0", 50, 52);
        h.read(2, R, "race.txt", "r0", 50, 52);
        h.write(1, R, "race.txt", "r1", hash("r0"), 60, 70);
        h.call(
                2,
                new Op.Write(R, "race.txt", SynthHistory.bytes("r2"), hash("r0"), false),
                60,
                71,
                409,
                "STALE_EXPECTED_HASH",
                null,
                null);
        Tree a2 = files("a.txt", "a2");
        fork(h, 3, S, "sess_c", a2, 80, 90);
        h.write(3, "sess_c", "b.txt", "b", null, 100, 110);
        h.event(
                S,
                "CHECKPOINT_CREATED",
                "c03",
                125,
                "",
                obj().put("checkpointId", "ckpt_1").put("fingerprint", a2.fingerprint()));
        h.ok(
                3,
                new Op.Checkpoint(S, null),
                120,
                130,
                obj().put("checkpointId", "ckpt_1").put("fingerprint", a2.fingerprint()));
        h.write(1, S, "a.txt", "a3", null, 140, 150);
        Tree merged = files("a.txt", "a3", "b.txt", "b");
        merge(
                h,
                2,
                S,
                "sess_c",
                160,
                180,
                170,
                mergeAnswer(
                        "MERGED", a2.fingerprint(), merged.fingerprint(), new String[] {"b.txt", "ADDED", hash("b")}));
        h.event(
                S,
                "COMMIT_CREATED",
                "c00",
                195,
                "",
                obj().put("commitId", "cmt_1")
                        .put("fingerprint", merged.fingerprint())
                        .put("added", 2)
                        .put("modified", 0)
                        .put("deleted", 0));
        h.ok(
                0,
                new Op.Commit(S, null, false),
                190,
                200,
                obj().put("commitId", "cmt_1").put("fingerprint", merged.fingerprint()));
        h.call(0, new Op.Commit(S, null, false), 202, 208, 409, "NOTHING_TO_COMMIT", null, null);
        h.event(
                S,
                "SESSION_RESTORED",
                "c01",
                215,
                "",
                obj().put("checkpointId", "ckpt_1")
                        .put("fromFingerprint", merged.fingerprint())
                        .put("toFingerprint", a2.fingerprint()));
        h.ok(1, new Op.Restore(S, "ckpt_1", false), 210, 220, obj().put("fingerprint", a2.fingerprint()));
        h.read(2, S, "a.txt", "a2", 230, 240);
        h.finalTree(S, a2)
                .finalTree(R, files("race.txt", "r1"))
                .finalTree("sess_c", files("a.txt", "a2", "b.txt", "b"));
        h.checkpointTree("ckpt_1", a2);

        Report r = Checker.check(h.build());

        assertThat(r.findings()).as(r.describe(10)).isEmpty();
        assertThat(r.get("reads checked")).isEqualTo(4);
        assertThat(r.get("merges checked")).isEqualTo(1);
        assertThat(r.get("refusals checked")).isEqualTo(2);
        assertThat(r.get("most winners of one conditional-write round")).isEqualTo(1);
    }

    @Test
    void check_nothingToCommitWhileTheModelHasChanges_reportsAnUnjustifiedRefusal() {
        SynthHistory h = new SynthHistory().root(S);
        h.write(0, S, "a.txt", "v1", null, 0, 10);
        h.call(1, new Op.Commit(S, null, false), 20, 30, 409, "NOTHING_TO_COMMIT", null, null);
        h.finalTree(S, files("a.txt", "v1"));

        Report r = Checker.check(h.build());

        assertThat(r.byKind()).containsOnlyKeys(Finding.Kind.UNJUSTIFIED_REFUSAL);
    }

    private static void fork(
            SynthHistory h, int client, String parent, String child, Tree at, double start, double end) {
        double mid = (start + end) / 2;
        h.event(
                parent,
                "FORK_CREATED",
                Call.principal(client),
                mid,
                "",
                obj().put("childSessionId", child).put("forkFingerprint", at.fingerprint()));
        h.event(
                child,
                "SESSION_FORKED",
                Call.principal(client),
                mid,
                "",
                obj().put("parentSessionId", parent).put("forkFingerprint", at.fingerprint()));
        h.ok(client, new Op.Fork(parent), start, end, obj().put("id", child).put("fingerprint", at.fingerprint()));
    }

    private static void merge(
            SynthHistory h,
            int client,
            String target,
            String child,
            double start,
            double end,
            double at,
            com.fasterxml.jackson.databind.node.ObjectNode answer) {
        h.event(
                target,
                "MERGE_COMPLETED",
                Call.principal(client),
                at,
                "",
                obj().put("sourceSessionId", child)
                        .put("applied", answer.path("applied").size()));
        h.ok(client, new Op.Merge(target, child, true, "FAIL_ON_CONFLICT", true), start, end, answer);
    }
}
