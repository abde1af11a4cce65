package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code afs checkpoints ...}, {@code afs commit}, {@code afs diff} and {@code afs merge} against a real server. */
class HistoryCommandsIT extends CliFixture {
    @Test
    void checkpoints_createListRestore_bringsTheTreeBack() {
        String s = newSession("ckpt");
        put(s, "a.txt", "one");

        JsonNode created = json("checkpoints", "create", s, "--name", "before");
        put(s, "a.txt", "two");
        JsonNode listed = json("checkpoints", "list", s);
        CliRun table = afs("checkpoints", "list", s);
        CliRun restored =
                afs("checkpoints", "restore", s, created.get("checkpointId").asText(), "--safety-checkpoint");

        assertThat(created.get("name").asText()).isEqualTo("before");
        assertThat(listed).hasSize(1);
        assertThat(table.out()).startsWith("ID").contains("before");
        assertThat(restored.exit()).as(restored.toString()).isZero();
        assertThat(restored.out())
                .contains("restored " + created.get("checkpointId").asText());
        assertThat(cat(s, "a.txt")).isEqualTo("one");
        assertThat(json("checkpoints", "list", s)).hasSize(2);
    }

    @Test
    void checkpoints_duplicateName_exitsFour_andUnknownRestore_exitsThree() {
        String s = newSession("ckpt-errors");
        json("checkpoints", "create", s, "--name", "x");

        assertThat(afs("checkpoints", "create", s, "--name", "x").exit()).isEqualTo(4);
        assertThat(afs("checkpoints", "restore", s, "ckpt_01jzzzzzzzzzzzzzzzzzzzzzzz")
                        .exit())
                .isEqualTo(3);
    }

    @Test
    void commit_recordsTheTree_andNeedsAMessage() {
        String s = newSession("commit");
        put(s, "a.txt", "A");

        JsonNode commit = json("commit", s, "-m", "first");
        CliRun noMessage = afs("commit", s);
        CliRun empty = afs("commit", s, "-m", "again");
        CliRun stale = afs("commit", s, "-m", "x", "--allow-empty", "--expected-fingerprint", "0".repeat(40));

        assertThat(commit.get("commitId").asText()).startsWith("cmt_");
        assertThat(commit.get("stats").get("added").asInt()).isEqualTo(1);
        assertThat(noMessage.exit()).isEqualTo(2);
        assertThat(noMessage.err()).contains("--message");
        assertThat(empty.exit()).as(empty.toString()).isEqualTo(4);
        assertThat(stale.exit()).as(stale.toString()).isEqualTo(4);
        assertThat(json("sessions", "show", s).get("lastCommitId").asText())
                .isEqualTo(commit.get("commitId").asText());
    }

    @Test
    void diff_listsChangesSinceTheLastCommit_orAgainstBase() {
        String s = newSession("diff");
        put(s, "a.txt", "A");
        json("commit", s, "-m", "base");
        put(s, "a.txt", "AA");
        put(s, "b.txt", "B");

        JsonNode sinceCommit = json("diff", s);
        JsonNode sinceBase = json("diff", s, "--against", "base");
        CliRun table = afs("diff", s);
        CliRun bad = afs("diff", s, "--against", "yesterday");

        assertThat(sinceCommit.get("changes")).hasSize(2);
        assertThat(sinceCommit.get("stats").get("modified").asInt()).isEqualTo(1);
        assertThat(sinceBase.get("stats").get("added").asInt()).isEqualTo(2);
        assertThat(table.out()).contains("MODIFIED", "ADDED", "a.txt", "b.txt", "1 added, 1 modified, 0 deleted");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
    }

    @Test
    void merge_forkIntoParent_appliesTheChanges() {
        String parent = newSession("merge-parent");
        put(parent, "a.txt", "A");
        String child = json("sessions", "fork", parent).get("id").asText();
        put(child, "b.txt", "B");

        CliRun dry = afs("merge", parent, child, "--dry-run");
        JsonNode merged = json("merge", parent, child);

        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).startsWith("DRY_RUN");
        assertThat(merged.get("result").asText()).isEqualTo("MERGE_RESULT_MERGED");
        assertThat(cat(parent, "b.txt")).isEqualTo("B");
    }

    @Test
    void merge_conflict_exitsFourNamingThePaths_andResolveTheirsSettlesIt() {
        String parent = newSession("conflict-parent");
        put(parent, "a.txt", "base\n");
        String child = json("sessions", "fork", parent).get("id").asText();
        put(parent, "a.txt", "ours\n");
        put(child, "a.txt", "theirs\n");

        CliRun conflict = afs("merge", parent, child, "--no-line-merge", "--dry-run");
        CliRun resolved = afs("merge", parent, child, "--resolve", "a.txt=theirs");

        assertThat(conflict.exit()).as(conflict.toString()).isEqualTo(4);
        assertThat(conflict.out()).contains("conflict CONTENT: a.txt", "--resolve");
        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        assertThat(cat(parent, "a.txt")).isEqualTo("theirs\n");
    }

    @Test
    void merge_unrelatedSession_needsAny_andBadStrategyExitsTwo() {
        String target = newSession("target");
        String other = newSession("other");
        put(other, "o.txt", "O");

        CliRun notFork = afs("merge", target, other);
        CliRun any = afs("merge", target, other, "--any");
        CliRun bad = afs("merge", target, other, "--strategy", "mine");

        assertThat(notFork.exit()).as(notFork.toString()).isIn(2, 4);
        assertThat(any.exit()).as(any.toString()).isZero();
        assertThat(cat(target, "o.txt")).isEqualTo("O");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("fail, ours or theirs");
    }
}
