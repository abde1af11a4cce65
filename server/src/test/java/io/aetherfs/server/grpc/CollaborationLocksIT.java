package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.util.Json;
import io.aetherfs.proto.v1.BatchOperation;
import io.aetherfs.proto.v1.BatchRequest;
import io.aetherfs.proto.v1.CollaborationServiceGrpc;
import io.aetherfs.proto.v1.CreateDirectoryRequest;
import io.aetherfs.proto.v1.CreateSymlinkRequest;
import io.aetherfs.proto.v1.DeleteDirectoryRequest;
import io.aetherfs.proto.v1.DeleteFileRequest;
import io.aetherfs.proto.v1.FallocateMode;
import io.aetherfs.proto.v1.FallocateRequest;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.ForceUnlockRequest;
import io.aetherfs.proto.v1.LinkRequest;
import io.aetherfs.proto.v1.ListLocksRequest;
import io.aetherfs.proto.v1.LockFileRequest;
import io.aetherfs.proto.v1.MergeFromRequest;
import io.aetherfs.proto.v1.PatchSegment;
import io.aetherfs.proto.v1.PatchSegmentsRequest;
import io.aetherfs.proto.v1.PersistenceServiceGrpc;
import io.aetherfs.proto.v1.RemoveXattrRequest;
import io.aetherfs.proto.v1.RenameRequest;
import io.aetherfs.proto.v1.RenewLockRequest;
import io.aetherfs.proto.v1.RestoreCheckpointRequest;
import io.aetherfs.proto.v1.SetAttributesRequest;
import io.aetherfs.proto.v1.SetXattrOp;
import io.aetherfs.proto.v1.SetXattrRequest;
import io.aetherfs.proto.v1.UnlinkRequest;
import io.aetherfs.proto.v1.UnlockFileRequest;
import io.aetherfs.proto.v1.WriteOp;
import io.aetherfs.server.grpc.LockCalls.Ctx;
import io.aetherfs.server.grpc.LockCalls.Failure;
import io.aetherfs.server.grpc.LockCalls.Write;
import io.aetherfs.testkit.Await;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Collaboration locks over real sockets, on HTTP and gRPC (issue 11, acceptance test 4): every mutating
 * route and RPC that carries a lock token refuses a write to a locked path with PATH_LOCKED when it has
 * no token or another lock's token, and changes nothing (fingerprint and event log), while the lock's
 * token lets the same write through; and a lock expires without any request. Then the lock routes' own
 * errors, scopes and tenants.
 */
class CollaborationLocksIT {
    private static final LockCalls API = new LockCalls();

    @AfterAll
    static void stop() {
        API.close();
    }

    // ---- the table: one write per request type, as each transport sends it --------------------------

    /** One request type: the path alice locks, and the write through each transport. */
    record Case(String name, String locked, Write http, Write grpc) {}

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(
                "write file (PUT S/files; gRPC WriteFile)",
                "src/a.txt",
                (x, t) -> API.http(
                        "PUT",
                        "/v1/sessions/" + x.session() + "/files?path=src/a.txt"
                                + (t == null ? "" : "&lockToken=" + API.enc(t)),
                        "new".getBytes(StandardCharsets.UTF_8),
                        Map.of()),
                (x, t) -> API.grpc(() -> API.writeFile(x, t))));
        c.add(new Case(
                "sync with deleteMissing (POST S:syncFromTarball; gRPC SyncChangesFromTarball)",
                "src/a.txt",
                (x, t) -> API.http(
                        "POST",
                        "/v1/sessions/" + x.session() + ":syncFromTarball?basePath=src&deleteMissing=true",
                        API.tar("other.txt"),
                        API.tokenHeader(t)),
                (x, t) -> API.grpc(() -> API.sync(x, t))));
        c.add(json(
                "DeleteFile",
                "src/a.txt",
                "DELETE",
                x -> "/files?path=src/a.txt",
                null,
                x -> DeleteFileRequest.newBuilder().setSessionId(x.session()).setPath("src/a.txt"),
                (s, r) -> s.deleteFile((DeleteFileRequest) r)));
        c.add(json(
                "CreateDirectory",
                "src/sub",
                "POST",
                x -> "/dirs",
                Map.of("path", "src/sub/new"),
                x -> CreateDirectoryRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/sub/new"),
                (s, r) -> s.createDirectory((CreateDirectoryRequest) r)));
        c.add(json(
                "DeleteDirectory (recursive, of an ancestor)",
                "src/sub/c.txt",
                "DELETE",
                x -> "/dirs?path=src&recursive=true",
                null,
                x -> DeleteDirectoryRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src")
                        .setRecursive(true),
                (s, r) -> s.deleteDirectory((DeleteDirectoryRequest) r)));
        c.add(json(
                "Rename (of an ancestor)",
                "src/sub/c.txt",
                "POST",
                x -> "/rename",
                Map.of("fromPath", "src/sub", "toPath", "moved"),
                x -> RenameRequest.newBuilder()
                        .setSessionId(x.session())
                        .setFromPath("src/sub")
                        .setToPath("moved"),
                (s, r) -> s.rename((RenameRequest) r)));
        c.add(json(
                "Rename (onto a locked destination)",
                "dst.txt",
                "POST",
                x -> ":rename",
                Map.of("fromPath", "src/b.txt", "toPath", "dst.txt"),
                x -> RenameRequest.newBuilder()
                        .setSessionId(x.session())
                        .setFromPath("src/b.txt")
                        .setToPath("dst.txt"),
                (s, r) -> s.rename((RenameRequest) r)));
        c.add(json(
                "Link",
                "src/a.txt",
                "POST",
                x -> ":link",
                Map.of("existingPath", "src/a.txt", "newPath", "linked.txt"),
                x -> LinkRequest.newBuilder()
                        .setSessionId(x.session())
                        .setExistingPath("src/a.txt")
                        .setNewPath("linked.txt"),
                (s, r) -> s.link((LinkRequest) r)));
        c.add(json(
                "Unlink (under a directory lock)",
                "src",
                "POST",
                x -> ":unlink",
                Map.of("path", "src/b.txt"),
                x -> UnlinkRequest.newBuilder().setSessionId(x.session()).setPath("src/b.txt"),
                (s, r) -> s.unlink((UnlinkRequest) r)));
        c.add(json(
                "CreateSymlink",
                "src/sub",
                "POST",
                x -> "/symlinks",
                Map.of("path", "src/sub/l", "target", "../a.txt"),
                x -> CreateSymlinkRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/sub/l")
                        .setTarget("../a.txt"),
                (s, r) -> s.createSymlink((CreateSymlinkRequest) r)));
        c.add(json(
                "Batch (one of its operations reaches the lock)",
                "src/a.txt",
                "POST",
                x -> "/batch",
                Map.of(
                        "operations",
                        List.of(
                                Map.of("write", Map.of("path", "free.txt", "content", "eA==")),
                                Map.of("setXattr", Map.of("path", "src/a.txt", "name", "user.n", "value", "eA==")))),
                x -> BatchRequest.newBuilder()
                        .setSessionId(x.session())
                        .addOperations(BatchOperation.newBuilder()
                                .setWrite(WriteOp.newBuilder()
                                        .setPath("free.txt")
                                        .setContent(ByteString.copyFromUtf8("x"))))
                        .addOperations(BatchOperation.newBuilder()
                                .setSetXattr(SetXattrOp.newBuilder()
                                        .setPath("src/a.txt")
                                        .setName("user.n")
                                        .setValue(ByteString.copyFromUtf8("x")))),
                (s, r) -> s.batch((BatchRequest) r)));
        c.add(json(
                "PatchSegments",
                "src/a.txt",
                "POST",
                x -> "/patchSegments",
                Map.of("path", "src/a.txt", "segments", List.of(Map.of("offset", 0, "data", "Sg=="))),
                x -> PatchSegmentsRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .addSegments(PatchSegment.newBuilder().setData(ByteString.copyFromUtf8("J"))),
                (s, r) -> s.patchSegments((PatchSegmentsRequest) r)));
        c.add(json(
                "Fallocate",
                "src/a.txt",
                "POST",
                x -> "/fallocate",
                Map.of("path", "src/a.txt", "offset", 0, "length", 100, "mode", "FALLOCATE_MODE_ALLOCATE"),
                x -> FallocateRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .setLength(100)
                        .setMode(FallocateMode.FALLOCATE_MODE_ALLOCATE),
                (s, r) -> s.fallocate((FallocateRequest) r)));
        c.add(json(
                "SetAttributes",
                "src/a.txt",
                "POST",
                x -> ":setAttributes",
                Map.of("path", "src/a.txt", "mode", 384),
                x -> SetAttributesRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .setMode(0600),
                (s, r) -> s.setAttributes((SetAttributesRequest) r)));
        c.add(json(
                "SetXattr",
                "src/a.txt",
                "POST",
                x -> ":setXattr",
                Map.of("path", "src/a.txt", "name", "user.n", "value", "eA=="),
                x -> SetXattrRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .setName("user.n")
                        .setValue(ByteString.copyFromUtf8("x")),
                (s, r) -> s.setXattr((SetXattrRequest) r)));
        c.add(json(
                "RemoveXattr",
                "src/a.txt",
                "POST",
                x -> ":removeXattr",
                Map.of("path", "src/a.txt", "name", "user.k"),
                x -> RemoveXattrRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .setName("user.k"),
                (s, r) -> s.removeXattr((RemoveXattrRequest) r)));
        c.add(new Case(
                "RestoreCheckpoint",
                "src/a.txt",
                (x, t) -> API.httpJson(
                        "POST",
                        "/v1/sessions/" + x.session() + "/restore",
                        API.withToken(Map.of("checkpointId", x.checkpoint()), t),
                        Map.of()),
                (x, t) -> API.grpc(() -> API.auth(PersistenceServiceGrpc.newBlockingStub(API.s.channel), "bob")
                        .restoreCheckpoint(RestoreCheckpointRequest.newBuilder()
                                .setSessionId(x.session())
                                .setCheckpointId(x.checkpoint())
                                .setLockToken(API.orEmpty(t))
                                .build()))));
        c.add(new Case(
                "Merge",
                "src/a.txt",
                (x, t) -> API.httpJson(
                        "POST",
                        "/v1/sessions/" + x.session() + ":merge",
                        API.withToken(Map.of("childSessionId", x.child()), t),
                        Map.of()),
                (x, t) -> API.grpc(() -> API.auth(PersistenceServiceGrpc.newBlockingStub(API.s.channel), "bob")
                        .merge(io.aetherfs.proto.v1.MergeRequest.newBuilder()
                                .setParentSessionId(x.session())
                                .setChildSessionId(x.child())
                                .setLockToken(API.orEmpty(t))
                                .build()))));
        c.add(new Case(
                "MergeFrom",
                "src/a.txt",
                (x, t) -> API.httpJson(
                        "POST",
                        "/v1/sessions/" + x.session() + ":mergeFrom",
                        API.withToken(Map.of("sourceSessionId", x.child()), t),
                        Map.of()),
                (x, t) -> API.grpc(() -> API.auth(PersistenceServiceGrpc.newBlockingStub(API.s.channel), "bob")
                        .mergeFrom(MergeFromRequest.newBuilder()
                                .setTargetSessionId(x.session())
                                .setSourceSessionId(x.child())
                                .setLockToken(API.orEmpty(t))
                                .build()))));
        return c;
    }

    static Stream<Arguments> writes() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c.name(), "http"), Arguments.of(c.name(), "grpc")));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("writes")
    void writeToALockedPath_withoutItsToken_isPathLocked_andChangesNothing_withItApplies(String name, String transport)
            throws Exception {
        Case c = cases().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Ctx x = API.fresh();
        String mine = API.lock(transport, "alice", x.session(), c.locked(), 60)
                .path("token")
                .asText();
        String others = API.lock(transport, "carol", x.session(), "elsewhere.txt", 60)
                .path("token")
                .asText();
        Write w = transport.equals("http") ? c.http() : c.grpc();
        String before = API.fingerprint(x.session());
        int events = API.events(x.session()).size();

        for (String token : new String[] {null, others}) {
            Failure f = w.run(x, token);
            assertThat(f)
                    .as("%s with %s", name, token == null ? "no token" : "another lock's token")
                    .isEqualTo(new Failure(transport.equals("http") ? "409" : "FAILED_PRECONDITION", "PATH_LOCKED"));
            assertThat(API.fingerprint(x.session())).isEqualTo(before);
            assertThat(API.events(x.session())).hasSize(events);
        }

        assertThat(w.run(x, mine)).as("%s with the lock's token", name).isNull();
        assertThat(API.events(x.session())).hasSizeGreaterThan(events);
    }

    // ---- expiry ---------------------------------------------------------------------------------

    @Test
    void expiry_releasesTheLockWithoutAnyRequest_andRecordsLockExpired() throws Exception {
        Ctx x = API.fresh();
        JsonNode lock = API.lock("http", "alice", x.session(), "src/a.txt", 5);
        assertThat(lock.path("expiresAt").asText())
                .isEqualTo(API.s.clock.instant().plusSeconds(5).toString());
        API.s.clock.advance(Duration.ofSeconds(5));

        Await.until(
                Duration.ofSeconds(30),
                "LOCK_EXPIRED in the log",
                () -> API.httpGet("/v1/sessions/" + x.session() + "/events?types=EVENT_TYPE_LOCK_EXPIRED")
                                .path("events")
                                .size()
                        == 1);
        JsonNode expired = API.httpGet("/v1/sessions/" + x.session() + "/events?types=EVENT_TYPE_LOCK_EXPIRED")
                .path("events")
                .get(0);
        assertThat(expired.path("path").asText()).isEqualTo("src/a.txt");
        assertThat(expired.path("details").path("lockId").asText())
                .isEqualTo(lock.path("lockId").asText());
        assertThat(API.auth(CollaborationServiceGrpc.newBlockingStub(API.s.channel), "bob")
                        .listLocks(ListLocksRequest.newBuilder()
                                .setSessionId(x.session())
                                .build())
                        .getLocksCount())
                .isZero();
        assertThat(API.http("PUT", "/v1/sessions/" + x.session() + "/files?path=src/a.txt", new byte[] {1}, Map.of()))
                .isNull();
    }

    // ---- the lock routes themselves ---------------------------------------------------------------

    @Test
    void lockRoutesOverHttp_tokenOnlyToTheTaker_errorsAsTheSpecSays() throws Exception {
        Ctx x = API.fresh();
        String s = "/v1/sessions/" + x.session() + "/files/";
        JsonNode lock = API.lock("http", "alice", x.session(), "src", 0);
        String token = lock.path("token").asText();
        assertThat(token).startsWith("lkt_");
        assertThat(Duration.between(
                        Instant.parse(lock.path("acquiredAt").asText()),
                        Instant.parse(lock.path("expiresAt").asText())))
                .isEqualTo(Duration.ofSeconds(60));

        String listed = API.send("POST", s + "list-locks", "{}".getBytes(StandardCharsets.UTF_8), Map.of())
                .body();
        assertThat(Json.mapper()
                        .readTree(listed)
                        .path("locks")
                        .get(0)
                        .path("path")
                        .asText())
                .isEqualTo("src");
        assertThat(listed).doesNotContain(token).doesNotContain("\"token\"");
        assertThat(API.send("GET", "/v1/sessions/" + x.session() + "/events", null, Map.of())
                        .body())
                .doesNotContain(token);

        assertThat(API.httpJson("POST", s + "lock", Map.of("path", "src/a.txt"), Map.of()))
                .isEqualTo(new Failure("409", "PATH_LOCKED"));
        assertThat(API.httpJson("POST", s + "unlock", Map.of("path", "src", "token", "lkt_wrong"), Map.of()))
                .isEqualTo(new Failure("409", "LOCK_TOKEN_MISMATCH"));
        assertThat(API.httpJson("POST", s + "renew-lock", Map.of("path", "src", "token", "lkt_wrong"), Map.of()))
                .isEqualTo(new Failure("409", "LOCK_TOKEN_MISMATCH"));
        assertThat(API.httpJson("POST", s + "lock", Map.of("path", "x", "ttlSeconds", 3601), Map.of()))
                .isEqualTo(new Failure("400", ""));
        assertThat(API.httpJson("POST", s + "lock", Map.of("ttlSeconds", 5), Map.of()))
                .isEqualTo(new Failure("400", ""));
        assertThat(API.httpJson("POST", s + "force-unlock", Map.of("path", "src"), Map.of(), "writer"))
                .isEqualTo(new Failure("403", ""));
        assertThat(API.httpJson("POST", s + "lock", Map.of("path", "y"), Map.of(), "reader"))
                .isEqualTo(new Failure("403", ""));
        assertThat(API.httpJson("POST", s + "list-locks", Map.of(), Map.of(), LockCalls.OTHER_TENANT, "mallory"))
                .isEqualTo(new Failure("404", ""));

        assertThat(API.httpJson(
                        "POST", s + "renew-lock", Map.of("path", "src", "token", token, "ttlSeconds", 120), Map.of()))
                .isNull();
        assertThat(API.httpJson("POST", s + "force-unlock", Map.of("path", "src", "comment", "stuck"), Map.of()))
                .isNull();
        List<Event> log = API.events(x.session());
        assertThat(log.getLast().type()).isEqualTo(EventType.LOCK_FORCE_RELEASED);
        assertThat(log.getLast().details()).containsEntry("comment", "stuck");
        assertThat(API.httpJson("POST", s + "unlock", Map.of("path", "src", "token", token), Map.of()))
                .isEqualTo(new Failure("404", ""));
    }

    @Test
    void lockRoutesOverGrpc_renewOfAnExpiredLockIsNotFound_andOtherTenantsSeeNothing() throws Exception {
        Ctx x = API.fresh();
        var alice = API.auth(CollaborationServiceGrpc.newBlockingStub(API.s.channel), "alice");
        var lock = alice.lockFile(LockFileRequest.newBuilder()
                .setSessionId(x.session())
                .setPath("src/a.txt")
                .setTtlSeconds(10)
                .setReason("editing")
                .build());
        assertThat(lock.getToken()).startsWith("lkt_");
        assertThat(lock.getOwner()).isEqualTo("alice");
        var listed = alice.listLocks(ListLocksRequest.newBuilder()
                .setSessionId(x.session())
                .setPathPrefix("src")
                .build());
        assertThat(listed.getLocks(0).getToken()).isEmpty();
        assertThat(listed.getLocks(0).getReason()).isEqualTo("editing");

        assertFails(
                () -> alice.unlockFile(UnlockFileRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .setToken("lkt_wrong")
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "LOCK_TOKEN_MISMATCH");
        assertFails(
                () -> API.auth(CollaborationServiceGrpc.newBlockingStub(API.s.channel), "writer")
                        .forceUnlock(ForceUnlockRequest.newBuilder()
                                .setSessionId(x.session())
                                .setPath("src/a.txt")
                                .build()),
                Status.Code.PERMISSION_DENIED);
        assertFails(
                () -> API.auth(
                                CollaborationServiceGrpc.newBlockingStub(API.s.channel),
                                LockCalls.OTHER_TENANT,
                                "mallory")
                        .lockFile(LockFileRequest.newBuilder()
                                .setSessionId(x.session())
                                .setPath("z")
                                .build()),
                Status.Code.NOT_FOUND);

        API.s.clock.advance(Duration.ofSeconds(10));
        assertFails(
                () -> alice.renewLock(RenewLockRequest.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .setToken(lock.getToken())
                        .build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void grpcMetadata_carriesTheTokenWhenTheFieldIsEmpty() throws Exception {
        Ctx x = API.fresh();
        String token = API.lock("grpc", "alice", x.session(), "src/a.txt", 60)
                .path("token")
                .asText();
        var files = API.auth(FileSystemServiceGrpc.newBlockingStub(API.s.channel), "bob");
        DeleteFileRequest req = DeleteFileRequest.newBuilder()
                .setSessionId(x.session())
                .setPath("src/a.txt")
                .build();
        assertFails(() -> files.deleteFile(req), Status.Code.FAILED_PRECONDITION, "PATH_LOCKED");
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("x-aetherfs-lock-token", Metadata.ASCII_STRING_MARSHALLER), token);
        files.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m)).deleteFile(req);
    }

    /** A JSON route's case: the body (with {@code lockToken}) for POST, the header for DELETE; the gRPC request with the field. */
    private static Case json(
            String name,
            String locked,
            String method,
            java.util.function.Function<Ctx, String> path,
            Map<String, Object> body,
            java.util.function.Function<Ctx, com.google.protobuf.Message.Builder> request,
            GrpcCall call) {
        return new Case(
                name + " (" + method + ")",
                locked,
                (x, t) -> body == null
                        ? API.http(method, "/v1/sessions/" + x.session() + path.apply(x), null, API.tokenHeader(t))
                        : API.httpJson(
                                method,
                                "/v1/sessions/" + x.session() + path.apply(x),
                                API.withToken(body, t),
                                Map.of()),
                (x, t) -> {
                    var b = request.apply(x);
                    b.setField(b.getDescriptorForType().findFieldByName("lock_token"), API.orEmpty(t));
                    return API.grpc(() -> call.call(
                            API.auth(FileSystemServiceGrpc.newBlockingStub(API.s.channel), "bob"), b.build()));
                });
    }

    @FunctionalInterface
    interface GrpcCall {
        Object call(FileSystemServiceGrpc.FileSystemServiceBlockingStub stub, com.google.protobuf.Message req);
    }
}
