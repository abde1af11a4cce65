package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.ok;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.CommitRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.CreateSourceRequest;
import io.aetherfs.proto.v1.DownloadSessionAsTarballRequest;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.GetJobRequest;
import io.aetherfs.proto.v1.PersistenceServiceGrpc;
import io.aetherfs.proto.v1.PromoteSessionRequest;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.proto.v1.SourceJob;
import io.aetherfs.proto.v1.SourceRef;
import io.aetherfs.proto.v1.StartImportRequest;
import io.aetherfs.proto.v1.UnderlayImportJobState;
import io.aetherfs.proto.v1.UnderlaySourceKind;
import io.aetherfs.proto.v1.UnderlaySourceServiceGrpc;
import io.aetherfs.proto.v1.Upload;
import io.aetherfs.proto.v1.UploadHeader;
import io.aetherfs.proto.v1.UploadSourceArchiveRequest;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.aetherfs.testkit.Await;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources end to end against a real server on the embedded stores (spec §8.15, issue 12 acceptance 2
 * and 3): the upload → import → session → edit → commit → promote → new revision → new session →
 * export round trip over HTTP and over gRPC, and the malicious-archive suite, after which the server is
 * still ready and nothing was written outside its data directory.
 */
class SourcesIT {
    private static final String TENANT = "6d7e1d2a-7b3f-4c1e-9a2d-0e6f8b4c2a12";

    @TempDir
    Path dir;

    private InProcessServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void roundTrip_overHttp_exportMatchesTheExpectedTree() throws Exception {
        server = InProcessServer.start(dir, Map.of());
        ApiClient api = server.client(TENANT, "alice");
        JsonNode src = ok(api.post("/v1/sources", "{\"displayName\":\"snap\",\"kind\":\"UPLOADED_SNAPSHOT\"}"))
                .json();
        String sourceId = src.path("id").asText();
        assertThat(src.path("status").asText()).isEqualTo("UNDERLAY_SOURCE_STATUS_CREATING");
        JsonNode patched = ok(api.send(
                        "PATCH",
                        "/v1/sources/" + sourceId,
                        "{\"displayName\":\"app\",\"labels\":{\"template\":\"true\"}}".getBytes(UTF_8),
                        "Content-Type",
                        "application/json"))
                .json();
        assertThat(patched.path("displayName").asText()).isEqualTo("app");
        assertThat(ok(api.get("/v1/sources?label=template:true"))
                        .json()
                        .path("sources")
                        .get(0)
                        .path("id")
                        .asText())
                .isEqualTo(sourceId);
        JsonNode upload = ok(api.send(
                        "POST", "/v1/sources/" + sourceId + ":upload", sample(), "Content-Type", "application/gzip"))
                .json();
        assertThat(upload.path("uploadId").asText()).startsWith("upl_");
        JsonNode job = ok(api.post(
                        "/v1/sources/" + sourceId + "/startImport",
                        "{\"uploadId\":\"" + upload.path("uploadId").asText() + "\"}"))
                .json();
        JsonNode done = awaitJob(api, sourceId, job.path("jobId").asText());
        assertThat(done.path("state").asText()).isEqualTo("UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED");

        JsonNode sess = ok(api.post("/v1/sessions", "{\"sourceRef\":{\"sourceId\":\"" + sourceId + "\"}}"))
                .json();
        String session = sess.path("id").asText();
        assertThat(sess.path("underlay").asText()).isEqualTo("UNDERLAY_KIND_SOURCE");
        ok(api.put(
                "/v1/sessions/" + session + "/files?path=docs/added.txt&createParents=true",
                "added\n".getBytes(UTF_8)));
        ok(api.post("/v1/sessions/" + session + "/commit", "{\"message\":\"add a doc\"}"));
        JsonNode promo = ok(api.post(
                        "/v1/sources/" + sourceId + "/promoteSession", "{\"sessionId\":\"" + session + "\"}"))
                .json();
        JsonNode promoted = awaitJob(api, sourceId, promo.path("jobId").asText());
        assertThat(promoted.path("state").asText()).isEqualTo("UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED");
        String revision = promoted.path("revisionId").asText();
        assertThat(ok(api.get("/v1/sources/" + sourceId + "/revisions/" + revision))
                        .json()
                        .path("origin")
                        .asText())
                .isEqualTo("REVISION_ORIGIN_PROMOTION");
        assertThat(ok(api.get("/v1/sources/" + sourceId + "/revisions")).json().path("revisions"))
                .hasSize(2);

        String next = ok(api.post(
                        "/v1/sessions",
                        "{\"sourceRef\":{\"sourceId\":\"" + sourceId + "\",\"revisionId\":\"" + revision + "\"}}"))
                .json()
                .path("id")
                .asText();
        byte[] export =
                ok(api.get("/v1/sessions/" + next + ":export?format=tar.gz")).bytes();
        assertThat(TarEntries.files(export)).containsExactlyInAnyOrderEntriesOf(expectedAfterEdit());
        assertThat(ok(api.get("/v1/sessions?sourceId=" + sourceId)).json().path("sessions"))
                .hasSize(2);
        JsonNode events =
                ok(api.get("/v1/sources/" + sourceId + "/events")).json().path("events");
        assertThat(events.get(0).path("type").asText()).isEqualTo("EVENT_TYPE_SOURCE_CREATED");
        assertThat(events.get(0).path("sourceId").asText()).isEqualTo(sourceId);
        assertThat(api.delete("/v1/sources/" + sourceId).status()).isEqualTo(409);
        assertThat(ok(api.delete("/v1/sources/" + sourceId + "?force=true"))
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("UNDERLAY_SOURCE_STATUS_DELETING");
        assertThat(server.client("7d7e1d2a-7b3f-4c1e-9a2d-0e6f8b4c2a13", "mallory")
                        .get("/v1/sources/" + sourceId)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void roundTrip_overGrpc_exportMatchesTheExpectedTree() throws Exception {
        server = InProcessServer.start(dir, Map.of());
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TENANT + ":alice");
            var sources = authed(UnderlaySourceServiceGrpc.newBlockingStub(channel), auth);
            var sourcesAsync = authed(UnderlaySourceServiceGrpc.newStub(channel), auth);
            var sessions = authed(SessionServiceGrpc.newBlockingStub(channel), auth);
            var persistence = authed(PersistenceServiceGrpc.newBlockingStub(channel), auth);
            var files = authed(FileSystemServiceGrpc.newBlockingStub(channel), auth);
            var filesAsync = authed(FileSystemServiceGrpc.newStub(channel), auth);

            String sourceId = sources.createSource(CreateSourceRequest.newBuilder()
                            .setKind(UnderlaySourceKind.UNDERLAY_SOURCE_KIND_UPLOADED_SNAPSHOT)
                            .build())
                    .getId();
            byte[] archive = sample();
            Answer<Upload> up = new Answer<>();
            StreamObserver<UploadSourceArchiveRequest> req = sourcesAsync.uploadSourceArchive(up);
            req.onNext(UploadSourceArchiveRequest.newBuilder()
                    .setHeader(UploadHeader.newBuilder()
                            .setSourceId(sourceId)
                            .setFormat(io.aetherfs.proto.v1.ArchiveFormat.ARCHIVE_FORMAT_TAR_GZ)
                            .setSizeBytes(archive.length))
                    .build());
            req.onNext(UploadSourceArchiveRequest.newBuilder()
                    .setData(ByteString.copyFrom(archive))
                    .build());
            req.onCompleted();
            Upload upload = up.get();
            SourceJob job = sources.startImport(StartImportRequest.newBuilder()
                    .setSourceId(sourceId)
                    .setUploadId(upload.getUploadId())
                    .build());
            assertThat(awaitJob(sources, sourceId, job.getJobId()).getState())
                    .isEqualTo(UnderlayImportJobState.UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED);
            String session = sessions.createSession(CreateSessionRequest.newBuilder()
                            .setSourceRef(SourceRef.newBuilder().setSourceId(sourceId))
                            .build())
                    .getId();
            Answer<io.aetherfs.proto.v1.ManifestEntry> written = new Answer<>();
            StreamObserver<WriteFileRequest> w = filesAsync.writeFile(written);
            w.onNext(WriteFileRequest.newBuilder()
                    .setHeader(WriteFileHeader.newBuilder()
                            .setSessionId(session)
                            .setPath("docs/added.txt")
                            .setCreateParents(true))
                    .build());
            w.onNext(WriteFileRequest.newBuilder()
                    .setData(ByteString.copyFromUtf8("added\n"))
                    .build());
            w.onCompleted();
            written.get();
            var commit = persistence.commit(CommitRequest.newBuilder()
                    .setSessionId(session)
                    .setMessage("add a doc")
                    .build());
            SourceJob promo = sources.promoteSession(PromoteSessionRequest.newBuilder()
                    .setSourceId(sourceId)
                    .setSessionId(session)
                    .setCommitId(commit.getCommitId())
                    .build());
            SourceJob promoted = awaitJob(sources, sourceId, promo.getJobId());
            assertThat(promoted.getState()).isEqualTo(UnderlayImportJobState.UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED);
            String next = sessions.createSession(CreateSessionRequest.newBuilder()
                            .setSourceRef(SourceRef.newBuilder()
                                    .setSourceId(sourceId)
                                    .setRevisionId(promoted.getRevisionId()))
                            .build())
                    .getId();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            files.downloadSessionAsTarball(DownloadSessionAsTarballRequest.newBuilder()
                            .setSessionId(next)
                            .setFormat(io.aetherfs.proto.v1.ArchiveFormat.ARCHIVE_FORMAT_TAR_GZ)
                            .build())
                    .forEachRemaining(c -> out.writeBytes(c.getData().toByteArray()));
            assertThat(TarEntries.files(out.toByteArray())).containsExactlyInAnyOrderEntriesOf(expectedAfterEdit());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void maliciousArchives_failWithTheirCodes_storeNothing_andTheServerStaysReady() throws Exception {
        server = InProcessServer.start(dir, Map.of("AFS_SERVER_LIMITS_IMPORT_MAX_ENTRIES", "1000"));
        ApiClient api = server.client(TENANT, "alice");
        Map<String, byte[]> hostile = new TreeMap<>();
        hostile.put("ARCHIVE_UNSAFE_PATH traversal", tarGz(t -> file(t, "../evil.txt", "x")));
        hostile.put("ARCHIVE_UNSAFE_PATH absolute", tarGz(t -> file(t, "/tmp/evil.txt", "x")));
        hostile.put("ARCHIVE_UNSAFE_PATH symlink escape then write", tarGz(t -> {
            link(t, TarConstants.LF_SYMLINK, "escape", "../../..");
            file(t, "escape/evil.txt", "x");
        }));
        hostile.put(
                "ARCHIVE_UNSAFE_PATH hard link escape",
                tarGz(t -> link(t, TarConstants.LF_LINK, "passwd", "../../etc/passwd")));
        hostile.put("LIMIT_EXCEEDED zip bomb", zipBomb(64 << 20));
        hostile.put("LIMIT_EXCEEDED 100,000 entries", tarGz(t -> {
            for (int i = 0; i < 100_000; i++) {
                file(t, "f" + i, "");
            }
        }));
        for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
            String code = h.getKey().substring(0, h.getKey().indexOf(' '));
            String sourceId = ok(api.post("/v1/sources", "{\"kind\":\"UNDERLAY_SOURCE_KIND_UPLOADED_SNAPSHOT\"}"))
                    .json()
                    .path("id")
                    .asText();
            String type = h.getKey().contains("zip") ? "application/zip" : "application/gzip";
            String uploadId = ok(api.send(
                            "POST", "/v1/sources/" + sourceId + ":upload", h.getValue(), "Content-Type", type))
                    .json()
                    .path("uploadId")
                    .asText();
            String jobId = ok(api.post(
                            "/v1/sources/" + sourceId + "/startImport", "{\"uploadId\":\"" + uploadId + "\"}"))
                    .json()
                    .path("jobId")
                    .asText();
            JsonNode job = awaitJob(api, sourceId, jobId);
            assertThat(job.path("state").asText()).as(h.getKey()).isEqualTo("UNDERLAY_IMPORT_JOB_STATE_FAILED");
            assertThat(job.path("errorCode").asText())
                    .as(h.getKey() + ": " + job)
                    .isEqualTo(code);
            JsonNode src = ok(api.get("/v1/sources/" + sourceId)).json();
            assertThat(src.path("status").asText()).isEqualTo("UNDERLAY_SOURCE_STATUS_FAILED");
            assertThat(src.path("errorCode").asText()).isEqualTo(code);
            assertThat(ok(api.get("/v1/sources/" + sourceId + "/revisions"))
                            .json()
                            .path("revisions"))
                    .isEmpty();
        }
        HttpResponse<String> ready = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        try (var walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> p.getFileName().toString().equals("evil.txt")))
                    .isEmpty();
        }
        assertThat(Files.exists(dir.getParent().resolve("evil.txt"))).isFalse();
    }

    private static JsonNode awaitJob(ApiClient api, String sourceId, String jobId) {
        String path = "/v1/sources/" + sourceId + "/jobs/" + jobId;
        Await.until(Duration.ofSeconds(60), "job " + jobId + " ends", () -> {
            String s = ok(api.get(path)).json().path("state").asText();
            return s.endsWith("SUCCEEDED") || s.endsWith("FAILED");
        });
        return ok(api.get(path)).json();
    }

    private static SourceJob awaitJob(
            UnderlaySourceServiceGrpc.UnderlaySourceServiceBlockingStub s, String sourceId, String jobId) {
        GetJobRequest r =
                GetJobRequest.newBuilder().setSourceId(sourceId).setJobId(jobId).build();
        Await.until(Duration.ofSeconds(60), "job " + jobId + " ends", () -> {
            var st = s.getJob(r).getState();
            return st == UnderlayImportJobState.UNDERLAY_IMPORT_JOB_STATE_SUCCEEDED
                    || st == UnderlayImportJobState.UNDERLAY_IMPORT_JOB_STATE_FAILED;
        });
        return s.getJob(r);
    }

    private static <S extends AbstractStub<S>> S authed(S stub, Metadata auth) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
    }

    /** The tree of {@link #sample()} plus the file the round trip adds: path → content (regular files). */
    private static Map<String, byte[]> expectedAfterEdit() {
        Map<String, byte[]> m = new TreeMap<>();
        m.put("README.md", "hello\n".getBytes(UTF_8));
        m.put("bin/run.sh", "#!/bin/sh\necho hi\n".getBytes(UTF_8));
        m.put("src/main/App.java", "class App {}\n".getBytes(UTF_8));
        m.put("docs/added.txt", "added\n".getBytes(UTF_8));
        return m;
    }

    private static byte[] sample() throws IOException {
        return tarGz(t -> {
            file(t, "README.md", "hello\n");
            file(t, "bin/run.sh", "#!/bin/sh\necho hi\n");
            file(t, "src/main/App.java", "class App {}\n");
            link(t, TarConstants.LF_SYMLINK, "link", "README.md");
            TarArchiveEntry d = new TarArchiveEntry("empty/", true);
            t.putArchiveEntry(d);
            t.closeArchiveEntry();
        });
    }

    /** Fills a tar. */
    @FunctionalInterface
    private interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tarGz(TarBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(tar);
            tar.finish();
        }
        return out.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        e.setMode(name.endsWith(".sh") ? 0100755 : 0100644);
        e.setModTime(new Date(1_700_000_000_000L));
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, byte flag, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static byte[] zipBomb(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            zip.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
            zip.write(new byte[size]);
            zip.closeArchiveEntry();
            zip.finish();
        }
        return out.toByteArray();
    }

    /** The single answer of a client-streaming call. */
    private static final class Answer<T> implements StreamObserver<T> {
        private final CompletableFuture<T> value = new CompletableFuture<>();

        @Override
        public void onNext(T v) {
            value.complete(v);
        }

        @Override
        public void onError(Throwable t) {
            value.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {}

        T get() throws Exception {
            return value.get(60, TimeUnit.SECONDS);
        }
    }
}
