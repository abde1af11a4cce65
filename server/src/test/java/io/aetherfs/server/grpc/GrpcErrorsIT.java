package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static io.aetherfs.server.grpc.GrpcTestCalls.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import io.aetherfs.proto.v1.CreateDirectoryRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.DeleteFileRequest;
import io.aetherfs.proto.v1.GetFileManifestRequest;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.PatchSegment;
import io.aetherfs.proto.v1.PatchSegmentsRequest;
import io.aetherfs.proto.v1.ReopenSessionRequest;
import io.aetherfs.proto.v1.SetAttributesRequest;
import io.aetherfs.proto.v1.SubmitForReviewRequest;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.grpc.Status;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Error codes and ErrorInfo details of the gRPC transport (spec §3.3, §4). */
class GrpcErrorsIT {
    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.as("alice");
    private final String id = GrpcTestCalls.newSession(alice);

    @Test
    void missingToken_isUnauthenticated_onUnaryAndStreamingCalls() {
        GrpcTestServer.Stubs nobody = server.anonymous();
        assertFails(() -> nobody.sessions.getSession(get(id)), Status.Code.UNAUTHENTICATED);
        assertFails(() -> GrpcTestCalls.read(nobody, id, "a.txt"), Status.Code.UNAUTHENTICATED);
        assertFails(() -> write(nobody, id, "a.txt", "x"), Status.Code.UNAUTHENTICATED);
        assertFails(() -> server.as("not-a-uuid", "x").sessions.getSession(get(id)), Status.Code.UNAUTHENTICATED);
    }

    @Test
    void anotherTenantsSession_andMalformedIds_areNotFound() {
        GrpcTestServer.Stubs mallory = server.as(GrpcTestServer.OTHER_TENANT, "mallory");
        assertFails(() -> mallory.sessions.getSession(get(id)), Status.Code.NOT_FOUND);
        assertFails(() -> GrpcTestCalls.read(mallory, id, "a.txt"), Status.Code.NOT_FOUND);
        for (String bad : List.of("", "sess_", "sess_not-a-ulid", "ckpt_01hv0000000000000000000000", "x".repeat(300))) {
            assertFails(() -> alice.sessions.getSession(get(bad)), Status.Code.NOT_FOUND);
        }
    }

    @Test
    void badPaths_areInvalidArgument() {
        List<String> bad = List.of("../x", "a/../b", "a//b", "a/./b", "nul\0byte", "x".repeat(256), "a/".repeat(2049));
        for (String path : bad) {
            assertFails(
                    () -> alice.files.createDirectory(CreateDirectoryRequest.newBuilder()
                            .setSessionId(id)
                            .setPath(path)
                            .build()),
                    Status.Code.INVALID_ARGUMENT);
            assertFails(() -> write(alice, id, path, "x"), Status.Code.INVALID_ARGUMENT);
        }
    }

    @Test
    void staleExpectedHash_isFailedPrecondition_withPathAndCurrentHash() {
        ManifestEntry e = write(alice, id, "a.txt", "one");
        ErrorInfo info = assertFails(
                () -> alice.files.deleteFile(DeleteFileRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("a.txt")
                        .setExpectedHash("0".repeat(64))
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "STALE_EXPECTED_HASH");
        assertThat(info.getMetadataMap())
                .containsEntry("path", "a.txt")
                .containsEntry("currentHash", e.getContentHash());
    }

    @Test
    void mutationsWhilePendingReview_areSessionNotActive_withTheStatus() {
        alice.sessions.submitForReview(
                SubmitForReviewRequest.newBuilder().setSessionId(id).build());
        ErrorInfo info = assertFails(
                () -> write(alice, id, "a.txt", "x"), Status.Code.FAILED_PRECONDITION, "SESSION_NOT_ACTIVE");
        assertThat(info.getMetadataMap()).containsEntry("status", "SESSION_STATUS_PENDING_REVIEW");
        assertFails(
                () -> alice.files.createDirectory(CreateDirectoryRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("d")
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "SESSION_NOT_ACTIVE");
        // reads still work while in review
        assertThat(alice.files
                        .getFileManifest(GetFileManifestRequest.newBuilder()
                                .setSessionId(id)
                                .build())
                        .getEntriesList())
                .isEmpty();
        alice.sessions.reopenSession(
                ReopenSessionRequest.newBuilder().setSessionId(id).build());
        write(alice, id, "a.txt", "x");
    }

    @Test
    void missingScope_isPermissionDenied_whileReadsWork() {
        GrpcTestServer.Stubs reader = server.as("reader");
        assertFails(
                () -> reader.sessions.createSession(CreateSessionRequest.getDefaultInstance()),
                Status.Code.PERMISSION_DENIED);
        assertFails(() -> write(reader, id, "a.txt", "x"), Status.Code.PERMISSION_DENIED);
        assertFails(
                () -> reader.files.createDirectory(CreateDirectoryRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("d")
                        .build()),
                Status.Code.PERMISSION_DENIED);
        assertThat(reader.sessions.getSession(get(id)).getId()).isEqualTo(id);
    }

    @Test
    void clientMistakes_neverSurfaceAsInternal() {
        List<ThrowingCallable> mistakes = List.of(
                () -> alice.sessions.listSessions(
                        ListSessionsRequest.newBuilder().setPageSize(-1).build()),
                () -> alice.sessions.listSessions(
                        ListSessionsRequest.newBuilder().setPageToken("%%%").build()),
                () -> alice.sessions.listSessions(
                        ListSessionsRequest.newBuilder().addStatusValue(99).build()),
                () -> alice.sessions.createSession(
                        CreateSessionRequest.newBuilder().setVisibilityValue(42).build()),
                () -> alice.sessions.createSession(
                        CreateSessionRequest.newBuilder().setTtlSeconds(-5).build()),
                () -> alice.files.setAttributes(SetAttributesRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("missing")
                        .setMtime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
                        .build()),
                () -> alice.files.patchSegments(PatchSegmentsRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("p")
                        .setCreateIfMissing(true)
                        .addSegments(PatchSegment.newBuilder().setOffset(-1).setData(ByteString.copyFromUtf8("x")))
                        .build()),
                () -> alice.files
                        .readFile(io.aetherfs.proto.v1.ReadFileRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("x")
                                .setChunkSize(-1)
                                .build())
                        .hasNext(),
                () -> GrpcTestCalls.write(
                        alice,
                        WriteFileHeader.newBuilder()
                                .setSessionId(id)
                                .setPath("m")
                                .setMtime(Timestamp.newBuilder().setSeconds(Long.MIN_VALUE))
                                .build(),
                        new byte[0]));
        for (ThrowingCallable mistake : mistakes) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(mistake);
            assertThat(t).isInstanceOf(io.grpc.StatusRuntimeException.class);
            Status.Code code = ((io.grpc.StatusRuntimeException) t).getStatus().getCode();
            assertThat(code)
                    .as(t.getMessage())
                    .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.OUT_OF_RANGE, Status.Code.NOT_FOUND);
        }
    }

    @Test
    void requestsOfAnotherShape_areRejectedBeforeTheService() {
        var answer = new GrpcTestCalls.Answer<ManifestEntry>();
        var req = alice.filesAsync.writeFile(answer);
        req.onNext(WriteFileRequest.getDefaultInstance());
        req.onCompleted();
        assertFails(answer::get, Status.Code.INVALID_ARGUMENT);
    }

    private static GetSessionRequest get(String session) {
        return GetSessionRequest.newBuilder().setSessionId(session).build();
    }
}
