package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.readText;
import static io.aetherfs.server.grpc.GrpcTestCalls.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.ArchiveFormat;
import io.aetherfs.proto.v1.BatchOperation;
import io.aetherfs.proto.v1.BatchRequest;
import io.aetherfs.proto.v1.CommitRequest;
import io.aetherfs.proto.v1.CreateCheckpointRequest;
import io.aetherfs.proto.v1.DeleteDirectoryRequest;
import io.aetherfs.proto.v1.DownloadSessionAsTarballRequest;
import io.aetherfs.proto.v1.EventType;
import io.aetherfs.proto.v1.ForkSessionRequest;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.MergeConflictKind;
import io.aetherfs.proto.v1.MergeRequest;
import io.aetherfs.proto.v1.MergeResolution;
import io.aetherfs.proto.v1.MergeResult;
import io.aetherfs.proto.v1.MergeResultKind;
import io.aetherfs.proto.v1.RestoreCheckpointRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionStatus;
import io.aetherfs.proto.v1.WriteOp;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveEntryType;
import io.aetherfs.service.archive.ArchiveLimits;
import io.aetherfs.service.archive.ArchiveReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core scenario end to end over a real gRPC socket. */
class ScenarioGrpcIT {
    @RegisterExtension
    final GrpcServerExtension grpc = GrpcServerExtension.perTest(this::startServer);

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.as("alice");
    private final Map<String, String> expected = new TreeMap<>();

    /** Returns the server the scenario runs against (in-memory stores; subclasses choose others). */
    GrpcTestServer startServer() {
        return new GrpcTestServer();
    }

    @Test
    void blankSession_thousandFiles_forkCheckpointRestoreCommitMergeConflictResolve_exportMatches() throws Exception {
        String main = GrpcTestCalls.newSession(alice);
        BatchRequest.Builder batch = BatchRequest.newBuilder().setSessionId(main);
        for (int i = 0; i < 1000; i++) {
            String path = "src/pkg" + (i % 10) + "/file" + i + ".txt";
            String text = "line one\nline two " + i + "\nline three\n";
            expected.put(path, text);
            batch.addOperations(BatchOperation.newBuilder()
                    .setWrite(WriteOp.newBuilder()
                            .setPath(path)
                            .setContent(ByteString.copyFromUtf8(text))
                            .setCreateParents(true)));
        }
        assertThat(alice.files.batch(batch.build()).getResultsCount()).isEqualTo(1000);

        Session fork = alice.sessions.forkSession(ForkSessionRequest.newBuilder()
                .setSourceSessionId(main)
                .putTags("role", "agent")
                .build());
        assertThat(fork.getParentSessionId()).isEqualTo(main);
        assertThat(fork.getFingerprint()).isEqualTo(session(main).getFingerprint());
        assertThat(fork.getBaseFingerprint()).isEqualTo(fork.getForkFingerprint());

        // divergent, non-overlapping edits
        write(alice, main, "src/pkg1/file1.txt", "line one\nline two 1 (main)\nline three\n");
        write(alice, fork.getId(), "src/pkg2/file2.txt", "line one\nline two 2 (fork)\nline three\n");
        write(alice, fork.getId(), "NEW.md", "from the fork\n");

        // checkpoint, damage, restore
        var ck = alice.persistence.createCheckpoint(CreateCheckpointRequest.newBuilder()
                .setSessionId(fork.getId())
                .setName("good")
                .build());
        alice.files.deleteDirectory(DeleteDirectoryRequest.newBuilder()
                .setSessionId(fork.getId())
                .setPath("src")
                .setRecursive(true)
                .build());
        Session restored = alice.persistence.restoreCheckpoint(RestoreCheckpointRequest.newBuilder()
                .setSessionId(fork.getId())
                .setCheckpointId(ck.getCheckpointId())
                .build());
        assertThat(restored.getFingerprint()).isEqualTo(ck.getFingerprint());
        assertThat(readText(alice, fork.getId(), "src/pkg2/file2.txt")).contains("(fork)");

        var commit = alice.persistence.commit(CommitRequest.newBuilder()
                .setSessionId(fork.getId())
                .setMessage("fork work")
                .build());
        assertThat(commit.getStats().getAdded()).isEqualTo(1);
        assertThat(commit.getStats().getModified()).isEqualTo(1);

        // merge that succeeds
        MergeResult ok = merge(main, fork.getId(), Map.of());
        assertThat(ok.getResult()).isEqualTo(MergeResultKind.MERGE_RESULT_MERGED);
        expected.put("src/pkg1/file1.txt", "line one\nline two 1 (main)\nline three\n");
        expected.put("src/pkg2/file2.txt", "line one\nline two 2 (fork)\nline three\n");
        expected.put("NEW.md", "from the fork\n");
        assertThat(readText(alice, main, "NEW.md")).isEqualTo("from the fork\n");

        // merge that conflicts: the target is left as it was
        write(alice, main, "NEW.md", "main's version\n");
        write(alice, fork.getId(), "NEW.md", "fork's version\n");
        String before = session(main).getFingerprint();
        MergeResult conflict = merge(main, fork.getId(), Map.of());
        assertThat(conflict.getResult()).isEqualTo(MergeResultKind.MERGE_RESULT_CONFLICT);
        assertThat(conflict.getConflictsList()).singleElement().satisfies(c -> {
            assertThat(c.getPath()).isEqualTo("NEW.md");
            assertThat(c.getKind()).isEqualTo(MergeConflictKind.MERGE_CONFLICT_KIND_CONTENT);
        });
        Session conflicted = session(main);
        assertThat(conflicted.getFingerprint()).isEqualTo(before);
        assertThat(conflicted.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_CONFLICT);
        assertThat(conflicted.getConflict().getPathsList()).containsExactly("NEW.md");
        assertThat(conflicted.getConflict().getSourceSessionId()).isEqualTo(fork.getId());

        // resolution by per-path choice
        MergeResult resolved = merge(main, fork.getId(), Map.of("NEW.md", MergeResolution.MERGE_RESOLUTION_THEIRS));
        assertThat(resolved.getResult()).isEqualTo(MergeResultKind.MERGE_RESULT_MERGED);
        expected.put("NEW.md", "fork's version\n");
        assertThat(session(main).getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ACTIVE);

        assertThat(exportedFiles(main)).isEqualTo(expected);
        var events = alice.observability.listEvents(ListEventsRequest.newBuilder()
                .setSessionId(main)
                .addTypes(EventType.EVENT_TYPE_MERGE_COMPLETED)
                .addTypes(EventType.EVENT_TYPE_MERGE_CONFLICTED)
                .build());
        assertThat(events.getEventsList())
                .extracting(e -> e.getType())
                .containsExactly(
                        EventType.EVENT_TYPE_MERGE_COMPLETED,
                        EventType.EVENT_TYPE_MERGE_CONFLICTED,
                        EventType.EVENT_TYPE_MERGE_COMPLETED);
    }

    private Session session(String id) {
        return alice.sessions.getSession(
                GetSessionRequest.newBuilder().setSessionId(id).build());
    }

    private MergeResult merge(String parent, String child, Map<String, MergeResolution> resolutions) {
        return alice.persistence.merge(MergeRequest.newBuilder()
                .setParentSessionId(parent)
                .setChildSessionId(child)
                .putAllResolutions(resolutions)
                .build());
    }

    private Map<String, String> exportedFiles(String session) throws Exception {
        ByteArrayOutputStream tgz = new ByteArrayOutputStream();
        alice.files
                .downloadSessionAsTarball(DownloadSessionAsTarballRequest.newBuilder()
                        .setSessionId(session)
                        .setFormat(ArchiveFormat.ARCHIVE_FORMAT_TAR_GZ)
                        .build())
                .forEachRemaining(m -> {
                    assertThat(m.getData().size()).isLessThanOrEqualTo(FileTransfers.MAX_CHUNK);
                    tgz.writeBytes(m.getData().toByteArray());
                });
        assertThat(tgz.toByteArray()).startsWith(0x1f, 0x8b);
        Map<String, String> files = new HashMap<>();
        try (ArchiveReader r =
                ArchiveReader.openDetect(new ByteArrayInputStream(tgz.toByteArray()), ArchiveLimits.DEFAULTS)) {
            ArchiveEntry e;
            while ((e = r.next()) != null) {
                if (e.type() == ArchiveEntryType.FILE) {
                    files.put(e.path(), new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return new TreeMap<>(files);
    }
}
