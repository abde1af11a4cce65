package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static io.aetherfs.server.grpc.GrpcTestCalls.readText;
import static io.aetherfs.server.grpc.GrpcTestCalls.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.proto.v1.ChangeEntry;
import io.aetherfs.proto.v1.ChangeKind;
import io.aetherfs.proto.v1.Checkpoint;
import io.aetherfs.proto.v1.CommitRequest;
import io.aetherfs.proto.v1.CreateCheckpointRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.DeleteCheckpointRequest;
import io.aetherfs.proto.v1.EntryType;
import io.aetherfs.proto.v1.Event;
import io.aetherfs.proto.v1.EventType;
import io.aetherfs.proto.v1.ForkSessionRequest;
import io.aetherfs.proto.v1.GenerateCommitSummaryRequest;
import io.aetherfs.proto.v1.GetCheckpointRequest;
import io.aetherfs.proto.v1.GetCommitRequest;
import io.aetherfs.proto.v1.GetDiffRequest;
import io.aetherfs.proto.v1.ListCheckpointsRequest;
import io.aetherfs.proto.v1.ListCommitsRequest;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.MergeFromRequest;
import io.aetherfs.proto.v1.MergeRequest;
import io.aetherfs.proto.v1.MergeResultKind;
import io.aetherfs.proto.v1.MergeStrategy;
import io.aetherfs.proto.v1.RestoreCheckpointRequest;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PersistenceService and ObservabilityService over a real socket. */
class PersistenceGrpcIT {
    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.inNewTenant("alice");
    private final String id = GrpcTestCalls.newSession(alice);

    @Test
    void checkpoints_createListGetRestoreDelete() {
        write(alice, id, "a.txt", "one");
        Checkpoint ck = checkpoint("first");
        assertThat(ck.getCheckpointId()).startsWith("ckpt_");
        assertThat(ck.getSessionId()).isEqualTo(id);
        assertThat(ck.getFileCount()).isEqualTo(1);
        assertThat(ck.getTotalBytes()).isEqualTo(3);
        assertThat(ck.getCreatedBy()).isEqualTo("alice");
        assertThat(ck.hasCreatedAt()).isTrue();
        assertFails(() -> checkpoint("first"), Status.Code.ALREADY_EXISTS);

        write(alice, id, "a.txt", "two");
        var restored = alice.persistence.restoreCheckpoint(RestoreCheckpointRequest.newBuilder()
                .setSessionId(id)
                .setCheckpointId(ck.getCheckpointId())
                .setCreateSafetyCheckpoint(true)
                .build());
        assertThat(restored.getFingerprint()).isEqualTo(ck.getFingerprint());
        assertThat(readText(alice, id, "a.txt")).isEqualTo("one");

        var list = alice.persistence.listCheckpoints(
                ListCheckpointsRequest.newBuilder().setSessionId(id).build());
        assertThat(list.getCheckpointsList()).hasSize(2);
        assertThat(list.getCheckpoints(0).getName()).startsWith("before-restore-");
        assertThat(alice.persistence.getCheckpoint(GetCheckpointRequest.newBuilder()
                        .setSessionId(id)
                        .setCheckpointId(ck.getCheckpointId())
                        .build()))
                .isEqualTo(ck);
        alice.persistence.deleteCheckpoint(DeleteCheckpointRequest.newBuilder()
                .setSessionId(id)
                .setCheckpointId(ck.getCheckpointId())
                .build());
        assertFails(
                () -> alice.persistence.getCheckpoint(GetCheckpointRequest.newBuilder()
                        .setSessionId(id)
                        .setCheckpointId(ck.getCheckpointId())
                        .build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void commits_summaryDiffAndPreconditions() {
        write(alice, id, "src/a.go", "package a\n");
        write(alice, id, "src/b.go", "package b\n");
        var summary = alice.persistence.generateCommitSummary(
                GenerateCommitSummaryRequest.newBuilder().setSessionId(id).build());
        assertThat(summary.getSinceCommitId()).isEmpty();
        assertThat(summary.getStats().getAdded()).isEqualTo(3); // src/, src/a.go, src/b.go
        assertThat(summary.getSummary()).isNotBlank();
        assertThat(summary.getChangesList()).extracting(ChangeEntry::getPath).contains("src/a.go", "src/b.go");

        String current = alice.sessions
                .getSession(io.aetherfs.proto.v1.GetSessionRequest.newBuilder()
                        .setSessionId(id)
                        .build())
                .getFingerprint();
        var stale = assertFails(
                () -> alice.persistence.commit(CommitRequest.newBuilder()
                        .setSessionId(id)
                        .setMessage("m")
                        .setExpectedFingerprint("0".repeat(40))
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "STALE_FINGERPRINT");
        assertThat(stale.getMetadataMap()).containsEntry("currentFingerprint", current);

        var commit = alice.persistence.commit(CommitRequest.newBuilder()
                .setSessionId(id)
                .setMessage("first")
                .setExpectedFingerprint(current)
                .build());
        assertThat(commit.getCommitId()).startsWith("cmt_");
        assertThat(commit.getParentCommitId()).isEmpty();
        assertThat(commit.getFingerprint()).isEqualTo(current);
        assertThat(commit.getAuthor()).isEqualTo("alice");
        assertThat(commit.getStats().getBytes()).isEqualTo(20);
        assertFails(
                () -> alice.persistence.commit(CommitRequest.newBuilder()
                        .setSessionId(id)
                        .setMessage("again")
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "NOTHING_TO_COMMIT");
        var empty = alice.persistence.commit(CommitRequest.newBuilder()
                .setSessionId(id)
                .setMessage("empty")
                .setAllowEmpty(true)
                .build());
        assertThat(empty.getParentCommitId()).isEqualTo(commit.getCommitId());
        assertThat(alice.persistence
                        .listCommits(
                                ListCommitsRequest.newBuilder().setSessionId(id).build())
                        .getCommitsList())
                .extracting(c -> c.getCommitId())
                .containsExactly(empty.getCommitId(), commit.getCommitId());
        assertThat(alice.persistence.getCommit(GetCommitRequest.newBuilder()
                        .setSessionId(id)
                        .setCommitId(commit.getCommitId())
                        .build()))
                .isEqualTo(commit);

        write(alice, id, "src/a.go", "package a // changed\n");
        var diff = alice.persistence.getDiff(GetDiffRequest.newBuilder()
                .setSessionId(id)
                .setAgainst("lastCommit")
                .setPathPrefix("src")
                .build());
        assertThat(diff.getAgainst()).isEqualTo("lastCommit");
        assertThat(diff.getFromFingerprint()).isEqualTo(current);
        assertThat(diff.getChangesList()).singleElement().satisfies(c -> {
            assertThat(c.getPath()).isEqualTo("src/a.go");
            assertThat(c.getChangeKind()).isEqualTo(ChangeKind.CHANGE_KIND_MODIFIED);
            assertThat(c.getEntryType()).isEqualTo(EntryType.ENTRY_TYPE_FILE);
            assertThat(c.getOldHash()).hasSize(64).isNotEqualTo(c.getNewHash());
            assertThat(c.getOldSize()).isEqualTo(10);
            assertThat(c.getNewSize()).isEqualTo(21);
        });
        var paged = alice.persistence.getDiff(
                GetDiffRequest.newBuilder().setSessionId(id).setPageSize(1).build());
        assertThat(paged.getChangesCount()).isEqualTo(1);
        assertThat(paged.getNextPageToken()).isNotEmpty();
        assertThat(paged.getStats().getAdded()).isEqualTo(3);
        assertFails(
                () -> alice.persistence.getDiff(GetDiffRequest.newBuilder()
                        .setSessionId(id)
                        .setAgainst("yesterday")
                        .build()),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void mergeFrom_dryRunChangesNothing_andMergeNeedsADescendant() {
        String other = alice.sessions
                .createSession(CreateSessionRequest.getDefaultInstance())
                .getId();
        write(alice, other, "x.txt", "from other");
        var dry = alice.persistence.mergeFrom(MergeFromRequest.newBuilder()
                .setTargetSessionId(id)
                .setSourceSessionId(other)
                .setStrategy(MergeStrategy.MERGE_STRATEGY_THEIRS)
                .setDryRun(true)
                .build());
        assertThat(dry.getResult()).isEqualTo(MergeResultKind.MERGE_RESULT_DRY_RUN);
        assertThat(dry.getTargetSessionId()).isEqualTo(id);
        assertThat(dry.getSourceSessionId()).isEqualTo(other);
        assertThat(dry.getAppliedList()).extracting(ChangeEntry::getPath).containsExactly("x.txt");
        assertThat(dry.getStats().getAdded()).isEqualTo(1);
        assertFails(
                () -> alice.persistence.merge(MergeRequest.newBuilder()
                        .setParentSessionId(id)
                        .setChildSessionId(other)
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "NOT_A_DESCENDANT");

        var merged = alice.persistence.mergeFrom(MergeFromRequest.newBuilder()
                .setTargetSessionId(id)
                .setSourceSessionId(other)
                .build());
        assertThat(merged.getResult()).isEqualTo(MergeResultKind.MERGE_RESULT_MERGED);
        assertThat(readText(alice, id, "x.txt")).isEqualTo("from other");
        var again = alice.persistence.mergeFrom(MergeFromRequest.newBuilder()
                .setTargetSessionId(id)
                .setSourceSessionId(other)
                .build());
        assertThat(again.getResult()).isEqualTo(MergeResultKind.MERGE_RESULT_UP_TO_DATE);
    }

    @Test
    void merge_lineMergesDisjointTextEdits_unlessLineMergeIsOff() {
        write(alice, id, "f.txt", "one\ntwo\nthree\nfour\nfive\n");
        String child = alice.sessions
                .forkSession(
                        ForkSessionRequest.newBuilder().setSourceSessionId(id).build())
                .getId();
        write(alice, id, "f.txt", "ONE\ntwo\nthree\nfour\nfive\n");
        write(alice, child, "f.txt", "one\ntwo\nthree\nfour\nFIVE\n");
        MergeRequest req = MergeRequest.newBuilder()
                .setParentSessionId(id)
                .setChildSessionId(child)
                .setDryRun(true)
                .build();
        var off = alice.persistence.merge(req.toBuilder().setLineMerge(false).build());
        assertThat(off.getConflictsList()).hasSize(1);
        var on = alice.persistence.merge(req);
        assertThat(on.getConflictsList()).isEmpty();
        assertThat(on.getLineMergedList()).containsExactly("f.txt");
    }

    @Test
    void listEvents_filtersByTypeAndPath_withStructDetails() {
        write(alice, id, "docs/a.md", "hello");
        write(alice, id, "src/b.go", "package b");
        var written = alice.observability.listEvents(ListEventsRequest.newBuilder()
                .setSessionId(id)
                .addTypes(EventType.EVENT_TYPE_FILE_WRITTEN)
                .setPath("docs/*")
                .build());
        assertThat(written.getEventsList()).singleElement().satisfies(e -> {
            assertThat(e.getEventId()).startsWith("evt_");
            assertThat(e.getSessionId()).isEqualTo(id);
            assertThat(e.getPath()).isEqualTo("docs/a.md");
            assertThat(e.getActor().getPrincipal()).isEqualTo("alice");
            assertThat(e.hasOccurredAt()).isTrue();
            assertThat(e.getDetails().getFieldsMap().get("size").getNumberValue())
                    .isEqualTo(5);
            assertThat(e.getDetails().getFieldsMap().get("contentHash").getStringValue())
                    .hasSize(64);
        });
        var all = alice.observability.listEvents(
                ListEventsRequest.newBuilder().setSessionId(id).build());
        assertThat(all.getEventsList()).extracting(Event::getSequence).startsWith(1L, 2L, 3L);
        assertThat(all.getEvents(0).getType()).isEqualTo(EventType.EVENT_TYPE_SESSION_CREATED);
        var after = alice.observability.listEvents(ListEventsRequest.newBuilder()
                .setSessionId(id)
                .setAfterSequence(1)
                .setPageSize(1)
                .build());
        assertThat(after.getEventsList()).extracting(Event::getSequence).containsExactly(2L);
        assertThat(after.getNextPageToken()).isNotEmpty();
    }

    private Checkpoint checkpoint(String name) {
        return alice.persistence.createCheckpoint(CreateCheckpointRequest.newBuilder()
                .setSessionId(id)
                .setName(name)
                .build());
    }
}
