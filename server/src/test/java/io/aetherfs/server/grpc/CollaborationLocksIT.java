package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
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
import io.aetherfs.proto.v1.SyncChangesFromTarballRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballResponse;
import io.aetherfs.proto.v1.SyncHeader;
import io.aetherfs.proto.v1.UnlinkRequest;
import io.aetherfs.proto.v1.UnlockFileRequest;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteOp;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveWriter;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.testkit.Await;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private static final String TENANT = "aaaaaaaa-0000-4000-8000-000000000001";
    private static final String OTHER_TENANT = "bbbbbbbb-0000-4000-8000-000000000002";
    private static final BothTransportsServer S = new BothTransportsServer();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Caller ADMIN = new Caller(TenantId.parse(TENANT), "setup", Scope.all(), "test", "1");

    @AfterAll
    static void stop() {
        S.close();
    }

    // ---- the table: one write per request type, as each transport sends it --------------------------

    /** What a case works on: the session, and the checkpoint or child session its write needs. */
    record Ctx(String session, String checkpoint, String child) {}

    /** A write under test; {@code token} null sends none. Returns null on success, else the failure. */
    @FunctionalInterface
    interface Write {
        Failure run(Ctx c, String token) throws Exception;
    }

    /** A refused call: the status (HTTP) or code (gRPC) and the ErrorInfo reason. */
    record Failure(String status, String reason) {}

    /** One request type: the path alice locks, and the write through each transport. */
    record Case(String name, String locked, Write http, Write grpc) {}

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(
                "write file (PUT S/files; gRPC WriteFile)",
                "src/a.txt",
                (x, t) -> http(
                        "PUT",
                        "/v1/sessions/" + x.session() + "/files?path=src/a.txt"
                                + (t == null ? "" : "&lockToken=" + enc(t)),
                        "new".getBytes(StandardCharsets.UTF_8),
                        Map.of()),
                (x, t) -> grpc(() -> writeFile(x, t))));
        c.add(new Case(
                "sync with deleteMissing (POST S:syncFromTarball; gRPC SyncChangesFromTarball)",
                "src/a.txt",
                (x, t) -> http(
                        "POST",
                        "/v1/sessions/" + x.session() + ":syncFromTarball?basePath=src&deleteMissing=true",
                        tar("other.txt"),
                        tokenHeader(t)),
                (x, t) -> grpc(() -> sync(x, t))));
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
                (x, t) -> httpJson(
                        "POST",
                        "/v1/sessions/" + x.session() + "/restore",
                        withToken(Map.of("checkpointId", x.checkpoint()), t),
                        Map.of()),
                (x, t) -> grpc(() -> auth(PersistenceServiceGrpc.newBlockingStub(S.channel), "bob")
                        .restoreCheckpoint(RestoreCheckpointRequest.newBuilder()
                                .setSessionId(x.session())
                                .setCheckpointId(x.checkpoint())
                                .setLockToken(orEmpty(t))
                                .build()))));
        c.add(new Case(
                "Merge",
                "src/a.txt",
                (x, t) -> httpJson(
                        "POST",
                        "/v1/sessions/" + x.session() + ":merge",
                        withToken(Map.of("childSessionId", x.child()), t),
                        Map.of()),
                (x, t) -> grpc(() -> auth(PersistenceServiceGrpc.newBlockingStub(S.channel), "bob")
                        .merge(io.aetherfs.proto.v1.MergeRequest.newBuilder()
                                .setParentSessionId(x.session())
                                .setChildSessionId(x.child())
                                .setLockToken(orEmpty(t))
                                .build()))));
        c.add(new Case(
                "MergeFrom",
                "src/a.txt",
                (x, t) -> httpJson(
                        "POST",
                        "/v1/sessions/" + x.session() + ":mergeFrom",
                        withToken(Map.of("sourceSessionId", x.child()), t),
                        Map.of()),
                (x, t) -> grpc(() -> auth(PersistenceServiceGrpc.newBlockingStub(S.channel), "bob")
                        .mergeFrom(MergeFromRequest.newBuilder()
                                .setTargetSessionId(x.session())
                                .setSourceSessionId(x.child())
                                .setLockToken(orEmpty(t))
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
        Ctx x = fresh();
        String mine = lock(transport, "alice", x.session(), c.locked(), 60)
                .path("token")
                .asText();
        String others = lock(transport, "carol", x.session(), "elsewhere.txt", 60)
                .path("token")
                .asText();
        Write w = transport.equals("http") ? c.http() : c.grpc();
        String before = fingerprint(x.session());
        int events = events(x.session()).size();

        for (String token : new String[] {null, others}) {
            Failure f = w.run(x, token);
            assertThat(f)
                    .as("%s with %s", name, token == null ? "no token" : "another lock's token")
                    .isEqualTo(new Failure(transport.equals("http") ? "409" : "FAILED_PRECONDITION", "PATH_LOCKED"));
            assertThat(fingerprint(x.session())).isEqualTo(before);
            assertThat(events(x.session())).hasSize(events);
        }

        assertThat(w.run(x, mine)).as("%s with the lock's token", name).isNull();
        assertThat(events(x.session())).hasSizeGreaterThan(events);
    }

    // ---- expiry ---------------------------------------------------------------------------------

    @Test
    void expiry_releasesTheLockWithoutAnyRequest_andRecordsLockExpired() throws Exception {
        Ctx x = fresh();
        JsonNode lock = lock("http", "alice", x.session(), "src/a.txt", 5);
        assertThat(lock.path("expiresAt").asText())
                .isEqualTo(S.clock.instant().plusSeconds(5).toString());
        S.clock.advance(Duration.ofSeconds(5));

        Await.until(
                Duration.ofSeconds(30),
                "LOCK_EXPIRED in the log",
                () -> httpGet("/v1/sessions/" + x.session() + "/events?types=EVENT_TYPE_LOCK_EXPIRED")
                                .path("events")
                                .size()
                        == 1);
        JsonNode expired = httpGet("/v1/sessions/" + x.session() + "/events?types=EVENT_TYPE_LOCK_EXPIRED")
                .path("events")
                .get(0);
        assertThat(expired.path("path").asText()).isEqualTo("src/a.txt");
        assertThat(expired.path("details").path("lockId").asText())
                .isEqualTo(lock.path("lockId").asText());
        assertThat(auth(CollaborationServiceGrpc.newBlockingStub(S.channel), "bob")
                        .listLocks(ListLocksRequest.newBuilder()
                                .setSessionId(x.session())
                                .build())
                        .getLocksCount())
                .isZero();
        assertThat(http("PUT", "/v1/sessions/" + x.session() + "/files?path=src/a.txt", new byte[] {1}, Map.of()))
                .isNull();
    }

    // ---- the lock routes themselves ---------------------------------------------------------------

    @Test
    void lockRoutesOverHttp_tokenOnlyToTheTaker_errorsAsTheSpecSays() throws Exception {
        Ctx x = fresh();
        String s = "/v1/sessions/" + x.session() + "/files/";
        JsonNode lock = lock("http", "alice", x.session(), "src", 0);
        String token = lock.path("token").asText();
        assertThat(token).startsWith("lkt_");
        assertThat(Duration.between(
                        Instant.parse(lock.path("acquiredAt").asText()),
                        Instant.parse(lock.path("expiresAt").asText())))
                .isEqualTo(Duration.ofSeconds(60));

        String listed = send("POST", s + "list-locks", "{}".getBytes(StandardCharsets.UTF_8), Map.of())
                .body();
        assertThat(Json.mapper()
                        .readTree(listed)
                        .path("locks")
                        .get(0)
                        .path("path")
                        .asText())
                .isEqualTo("src");
        assertThat(listed).doesNotContain(token).doesNotContain("\"token\"");
        assertThat(send("GET", "/v1/sessions/" + x.session() + "/events", null, Map.of())
                        .body())
                .doesNotContain(token);

        assertThat(httpJson("POST", s + "lock", Map.of("path", "src/a.txt"), Map.of()))
                .isEqualTo(new Failure("409", "PATH_LOCKED"));
        assertThat(httpJson("POST", s + "unlock", Map.of("path", "src", "token", "lkt_wrong"), Map.of()))
                .isEqualTo(new Failure("409", "LOCK_TOKEN_MISMATCH"));
        assertThat(httpJson("POST", s + "renew-lock", Map.of("path", "src", "token", "lkt_wrong"), Map.of()))
                .isEqualTo(new Failure("409", "LOCK_TOKEN_MISMATCH"));
        assertThat(httpJson("POST", s + "lock", Map.of("path", "x", "ttlSeconds", 3601), Map.of()))
                .isEqualTo(new Failure("400", ""));
        assertThat(httpJson("POST", s + "force-unlock", Map.of("path", "src"), Map.of(), "writer"))
                .isEqualTo(new Failure("403", ""));
        assertThat(httpJson("POST", s + "lock", Map.of("path", "y"), Map.of(), "reader"))
                .isEqualTo(new Failure("403", ""));
        assertThat(httpJson("POST", s + "list-locks", Map.of(), Map.of(), OTHER_TENANT, "mallory"))
                .isEqualTo(new Failure("404", ""));

        assertThat(httpJson(
                        "POST", s + "renew-lock", Map.of("path", "src", "token", token, "ttlSeconds", 120), Map.of()))
                .isNull();
        assertThat(httpJson("POST", s + "force-unlock", Map.of("path", "src", "comment", "stuck"), Map.of()))
                .isNull();
        List<Event> log = events(x.session());
        assertThat(log.getLast().type()).isEqualTo(EventType.LOCK_FORCE_RELEASED);
        assertThat(log.getLast().details()).containsEntry("comment", "stuck");
        assertThat(httpJson("POST", s + "unlock", Map.of("path", "src", "token", token), Map.of()))
                .isEqualTo(new Failure("404", ""));
    }

    @Test
    void lockRoutesOverGrpc_renewOfAnExpiredLockIsNotFound_andOtherTenantsSeeNothing() throws Exception {
        Ctx x = fresh();
        var alice = auth(CollaborationServiceGrpc.newBlockingStub(S.channel), "alice");
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
                () -> auth(CollaborationServiceGrpc.newBlockingStub(S.channel), "writer")
                        .forceUnlock(ForceUnlockRequest.newBuilder()
                                .setSessionId(x.session())
                                .setPath("src/a.txt")
                                .build()),
                Status.Code.PERMISSION_DENIED);
        assertFails(
                () -> auth(CollaborationServiceGrpc.newBlockingStub(S.channel), OTHER_TENANT, "mallory")
                        .lockFile(LockFileRequest.newBuilder()
                                .setSessionId(x.session())
                                .setPath("z")
                                .build()),
                Status.Code.NOT_FOUND);

        S.clock.advance(Duration.ofSeconds(10));
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
        Ctx x = fresh();
        String token = lock("grpc", "alice", x.session(), "src/a.txt", 60)
                .path("token")
                .asText();
        var files = auth(FileSystemServiceGrpc.newBlockingStub(S.channel), "bob");
        DeleteFileRequest req = DeleteFileRequest.newBuilder()
                .setSessionId(x.session())
                .setPath("src/a.txt")
                .build();
        assertFails(() -> files.deleteFile(req), Status.Code.FAILED_PRECONDITION, "PATH_LOCKED");
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("x-aetherfs-lock-token", Metadata.ASCII_STRING_MARSHALLER), token);
        files.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m)).deleteFile(req);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** A new session with src/a.txt (xattr user.k), src/b.txt and src/sub/c.txt, a checkpoint and a child that changed a.txt. */
    private static Ctx fresh() throws IOException {
        SessionId id = S.services
                .sessions()
                .create(ADMIN, new CreateSession(null, null, null, "locks", null, null, null, null, null, null))
                .session()
                .id();
        write(id, "src/a.txt", "hello\n");
        write(id, "src/b.txt", "b\n");
        write(id, "src/sub/c.txt", "c\n");
        S.services.content().setXattr(ADMIN, id, FsPath.parse("src/a.txt"), "user.k", new byte[] {1}, 0, null);
        String checkpoint =
                S.services.checkpoints().create(ADMIN, id, null, null).id().value();
        write(id, "src/a.txt", "changed since the checkpoint\n");
        SessionId child = S.services
                .sessions()
                .fork(ADMIN, id, Map.of(), null, "child")
                .session()
                .id();
        write(child, "src/a.txt", "from the child\n");
        return new Ctx(id.value(), checkpoint, child.value());
    }

    private static void write(SessionId id, String path, String text) throws IOException {
        S.services
                .content()
                .write(
                        ADMIN,
                        id,
                        new WriteFile(FsPath.parse(path), true, null, null, null, false),
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                        null);
    }

    private static String fingerprint(String session) {
        return S.services.sessions().get(ADMIN, new SessionId(session)).fingerprint();
    }

    private static List<Event> events(String session) {
        return S.services
                .events()
                .list(
                        ADMIN,
                        new SessionId(session),
                        new EventQuery(null, null, null, 0, null),
                        new PageRequest(1000, ""))
                .items();
    }

    /** Takes a lock as {@code principal} through {@code transport}; returns the FileLock as JSON. */
    private static JsonNode lock(String transport, String principal, String session, String path, long ttl)
            throws Exception {
        if (transport.equals("http")) {
            var r = send(
                    "POST",
                    "/v1/sessions/" + session + "/files/lock",
                    Json.mapper().writeValueAsBytes(Map.of("path", path, "ttlSeconds", ttl)),
                    Map.of(),
                    TENANT,
                    principal);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Json.mapper().readTree(r.body());
        }
        var l = auth(CollaborationServiceGrpc.newBlockingStub(S.channel), principal)
                .lockFile(LockFileRequest.newBuilder()
                        .setSessionId(session)
                        .setPath(path)
                        .setTtlSeconds(ttl)
                        .build());
        return Json.mapper()
                .readTree(com.google.protobuf.util.JsonFormat.printer().print(l));
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
                        ? http(method, "/v1/sessions/" + x.session() + path.apply(x), null, tokenHeader(t))
                        : httpJson(method, "/v1/sessions/" + x.session() + path.apply(x), withToken(body, t), Map.of()),
                (x, t) -> {
                    var b = request.apply(x);
                    b.setField(b.getDescriptorForType().findFieldByName("lock_token"), orEmpty(t));
                    return grpc(
                            () -> call.call(auth(FileSystemServiceGrpc.newBlockingStub(S.channel), "bob"), b.build()));
                });
    }

    @FunctionalInterface
    interface GrpcCall {
        Object call(FileSystemServiceGrpc.FileSystemServiceBlockingStub stub, com.google.protobuf.Message req);
    }

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    private static Failure grpc(Call call) throws Exception {
        try {
            call.call();
            return null;
        } catch (StatusRuntimeException e) {
            var info = GrpcTestCalls.errorInfo(e);
            return new Failure(e.getStatus().getCode().name(), info == null ? "" : info.getReason());
        }
    }

    private static Object writeFile(Ctx x, String token) throws Exception {
        GrpcTestCalls.Answer<io.aetherfs.proto.v1.ManifestEntry> answer = new GrpcTestCalls.Answer<>();
        StreamObserver<io.aetherfs.proto.v1.WriteFileRequest> req =
                auth(FileSystemServiceGrpc.newStub(S.channel), "bob").writeFile(answer);
        req.onNext(io.aetherfs.proto.v1.WriteFileRequest.newBuilder()
                .setHeader(WriteFileHeader.newBuilder()
                        .setSessionId(x.session())
                        .setPath("src/a.txt")
                        .setLockToken(orEmpty(token)))
                .build());
        req.onNext(io.aetherfs.proto.v1.WriteFileRequest.newBuilder()
                .setData(ByteString.copyFromUtf8("new"))
                .build());
        req.onCompleted();
        return answer.get();
    }

    private static Object sync(Ctx x, String token) throws Exception {
        GrpcTestCalls.Answer<SyncChangesFromTarballResponse> answer = new GrpcTestCalls.Answer<>();
        StreamObserver<SyncChangesFromTarballRequest> req =
                auth(FileSystemServiceGrpc.newStub(S.channel), "bob").syncChangesFromTarball(answer);
        req.onNext(SyncChangesFromTarballRequest.newBuilder()
                .setHeader(SyncHeader.newBuilder()
                        .setSessionId(x.session())
                        .setFormat(io.aetherfs.proto.v1.ArchiveFormat.ARCHIVE_FORMAT_TAR)
                        .setBasePath("src")
                        .setDeleteMissing(true)
                        .setLockToken(orEmpty(token)))
                .build());
        req.onNext(SyncChangesFromTarballRequest.newBuilder()
                .setData(ByteString.copyFrom(tar("other.txt")))
                .build());
        req.onCompleted();
        return answer.get();
    }

    private static Map<String, Object> withToken(Map<String, Object> body, String token) {
        Map<String, Object> m = new LinkedHashMap<>(body);
        if (token != null) {
            m.put("lockToken", token);
        }
        return m;
    }

    private static Map<String, String> tokenHeader(String token) {
        return token == null ? Map.of() : Map.of("x-aetherfs-lock-token", token);
    }

    private static Failure httpJson(String method, String path, Map<String, Object> body, Map<String, String> headers)
            throws Exception {
        return httpJson(method, path, body, headers, "bob");
    }

    private static Failure httpJson(
            String method, String path, Map<String, Object> body, Map<String, String> headers, String principal)
            throws Exception {
        return httpJson(method, path, body, headers, TENANT, principal);
    }

    private static Failure httpJson(
            String method,
            String path,
            Map<String, Object> body,
            Map<String, String> headers,
            String tenant,
            String principal)
            throws Exception {
        return failure(send(method, path, Json.mapper().writeValueAsBytes(body), headers, tenant, principal));
    }

    private static Failure http(String method, String path, byte[] body, Map<String, String> headers) {
        return failure(send(method, path, body, headers));
    }

    private static Failure failure(HttpResponse<String> r) {
        if (r.statusCode() == 200) {
            return null;
        }
        String reason = "";
        try {
            JsonNode details = Json.mapper().readTree(r.body()).path("details");
            reason = details.isArray() && !details.isEmpty()
                    ? details.get(0).path("reason").asText()
                    : "";
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
        return new Failure(Integer.toString(r.statusCode()), reason);
    }

    private static JsonNode httpGet(String path) {
        try {
            return Json.mapper().readTree(send("GET", path, null, Map.of()).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers) {
        return send(method, path, body, headers, TENANT, "bob");
    }

    private static HttpResponse<String> send(
            String method, String path, byte[] body, Map<String, String> headers, String tenant, String principal) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + S.port() + path))
                .header("Authorization", "Bearer " + tenant + ":" + principal)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static <T extends AbstractStub<T>> T auth(T stub, String principal) {
        return auth(stub, TENANT, principal);
    }

    private static <T extends AbstractStub<T>> T auth(T stub, String tenant, String principal) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + tenant + ":" + principal);
        return stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] tar(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        try (ArchiveWriter w = ArchiveWriter.open(ArchiveFormat.TAR, out)) {
            w.add(ArchiveEntry.file(path, 0644, Instant.EPOCH, data.length), () -> new ByteArrayInputStream(data));
            w.finish();
        }
        return out.toByteArray();
    }
}
