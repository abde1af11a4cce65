package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.util.Json;
import io.aetherfs.proto.v1.CollaborationServiceGrpc;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.LockFileRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballResponse;
import io.aetherfs.proto.v1.SyncHeader;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveWriter;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CreateSession;
import io.grpc.Metadata;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The calls the collaboration lock ITs make: over HTTP and gRPC to a {@link BothTransportsServer} of their
 * own, plus sessions prepared and inspected through its services in-process.
 */
final class LockCalls implements AutoCloseable {
    static final String TENANT = "aaaaaaaa-0000-4000-8000-000000000001";
    static final String OTHER_TENANT = "bbbbbbbb-0000-4000-8000-000000000002";
    static final Caller ADMIN = new Caller(TenantId.parse(TENANT), "setup", Scope.all(), "test", "1");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final BothTransportsServer s = new BothTransportsServer();

    /** What a case works on: the session, and the checkpoint or child session its write needs. */
    record Ctx(String session, String checkpoint, String child) {}

    /** A write under test; {@code token} null sends none. Returns null on success, else the failure. */
    @FunctionalInterface
    interface Write {
        Failure run(Ctx c, String token) throws Exception;
    }

    /** A refused call: the status (HTTP) or code (gRPC) and the ErrorInfo reason. */
    record Failure(String status, String reason) {}

    /** A new session with src/a.txt (xattr user.k), src/b.txt and src/sub/c.txt, a checkpoint and a child that changed a.txt. */
    Ctx fresh() throws IOException {
        SessionId id = s.services
                .sessions()
                .create(ADMIN, new CreateSession(null, null, null, "locks", null, null, null, null, null, null))
                .session()
                .id();
        write(id, "src/a.txt", "hello\n");
        write(id, "src/b.txt", "b\n");
        write(id, "src/sub/c.txt", "c\n");
        s.services.content().setXattr(ADMIN, id, FsPath.parse("src/a.txt"), "user.k", new byte[] {1}, 0, null);
        String checkpoint =
                s.services.checkpoints().create(ADMIN, id, null, null).id().value();
        write(id, "src/a.txt", "changed since the checkpoint\n");
        SessionId child = s.services
                .sessions()
                .fork(ADMIN, id, Map.of(), null, "child")
                .session()
                .id();
        write(child, "src/a.txt", "from the child\n");
        return new Ctx(id.value(), checkpoint, child.value());
    }

    void write(SessionId id, String path, String text) throws IOException {
        s.services
                .content()
                .write(
                        ADMIN,
                        id,
                        new WriteFile(FsPath.parse(path), true, null, null, null, false),
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                        null);
    }

    String fingerprint(String session) {
        return s.services.sessions().get(ADMIN, new SessionId(session)).fingerprint();
    }

    List<Event> events(String session) {
        return s.services
                .events()
                .list(
                        ADMIN,
                        new SessionId(session),
                        new EventQuery(null, null, null, 0, null),
                        new PageRequest(1000, ""))
                .items();
    }

    /** Takes a lock as {@code principal} through {@code transport}; returns the FileLock as JSON. */
    JsonNode lock(String transport, String principal, String session, String path, long ttl) throws Exception {
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
        var l = auth(CollaborationServiceGrpc.newBlockingStub(s.channel), principal)
                .lockFile(LockFileRequest.newBuilder()
                        .setSessionId(session)
                        .setPath(path)
                        .setTtlSeconds(ttl)
                        .build());
        return Json.mapper()
                .readTree(com.google.protobuf.util.JsonFormat.printer().print(l));
    }

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    Failure grpc(Call call) throws Exception {
        try {
            call.call();
            return null;
        } catch (StatusRuntimeException e) {
            var info = GrpcTestCalls.errorInfo(e);
            return new Failure(e.getStatus().getCode().name(), info == null ? "" : info.getReason());
        }
    }

    Object writeFile(Ctx x, String token) throws Exception {
        GrpcTestCalls.Answer<io.aetherfs.proto.v1.ManifestEntry> answer = new GrpcTestCalls.Answer<>();
        StreamObserver<io.aetherfs.proto.v1.WriteFileRequest> req =
                auth(FileSystemServiceGrpc.newStub(s.channel), "bob").writeFile(answer);
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

    Object sync(Ctx x, String token) throws Exception {
        GrpcTestCalls.Answer<SyncChangesFromTarballResponse> answer = new GrpcTestCalls.Answer<>();
        StreamObserver<SyncChangesFromTarballRequest> req =
                auth(FileSystemServiceGrpc.newStub(s.channel), "bob").syncChangesFromTarball(answer);
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

    Map<String, Object> withToken(Map<String, Object> body, String token) {
        Map<String, Object> m = new LinkedHashMap<>(body);
        if (token != null) {
            m.put("lockToken", token);
        }
        return m;
    }

    Map<String, String> tokenHeader(String token) {
        return token == null ? Map.of() : Map.of("x-aetherfs-lock-token", token);
    }

    Failure httpJson(String method, String path, Map<String, Object> body, Map<String, String> headers)
            throws Exception {
        return httpJson(method, path, body, headers, "bob");
    }

    Failure httpJson(
            String method, String path, Map<String, Object> body, Map<String, String> headers, String principal)
            throws Exception {
        return httpJson(method, path, body, headers, TENANT, principal);
    }

    Failure httpJson(
            String method,
            String path,
            Map<String, Object> body,
            Map<String, String> headers,
            String tenant,
            String principal)
            throws Exception {
        return failure(send(method, path, Json.mapper().writeValueAsBytes(body), headers, tenant, principal));
    }

    Failure http(String method, String path, byte[] body, Map<String, String> headers) {
        return failure(send(method, path, body, headers));
    }

    Failure failure(HttpResponse<String> r) {
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

    JsonNode httpGet(String path) {
        try {
            return Json.mapper().readTree(send("GET", path, null, Map.of()).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers) {
        return send(method, path, body, headers, TENANT, "bob");
    }

    HttpResponse<String> send(
            String method, String path, byte[] body, Map<String, String> headers, String tenant, String principal) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
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

    <T extends AbstractStub<T>> T auth(T stub, String principal) {
        return auth(stub, TENANT, principal);
    }

    <T extends AbstractStub<T>> T auth(T stub, String tenant, String principal) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + tenant + ":" + principal);
        return stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    String orEmpty(String s) {
        return s == null ? "" : s;
    }

    String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    byte[] tar(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        try (ArchiveWriter w = ArchiveWriter.open(ArchiveFormat.TAR, out)) {
            w.add(ArchiveEntry.file(path, 0644, Instant.EPOCH, data.length), () -> new ByteArrayInputStream(data));
            w.finish();
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        s.close();
    }
}
