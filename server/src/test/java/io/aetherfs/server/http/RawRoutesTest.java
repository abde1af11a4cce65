package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveLimits;
import io.aetherfs.service.archive.ArchiveReader;
import io.aetherfs.service.archive.ArchiveWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The HTTP-native raw routes end to end: a real socket, real services on in-memory stores. */
class RawRoutesTest {
    private static final int MAX_FILE = 1 << 20;
    private static final Limits LIMITS =
            new Limits(MAX_FILE, 4096, 1000, 64, 10_000, 1000, 100, 100_000, 1L << 30, 200.0, 64L << 10);
    private static final ApiFixture api = new ApiFixture(LIMITS, FakeImpls.create());

    @AfterAll
    static void close() {
        api.awaitRequestsCounted();
        assertThat(api.registry.find("afs.http.requests").counters())
                .isNotEmpty()
                .noneMatch(c -> c.getId().getTag("code").startsWith("5")
                        && !c.getId().getTag("code").equals("501"));
        api.close();
    }

    private static String files(SessionId id, String query) {
        return "/v1/sessions/" + id.value() + "/files?" + query;
    }

    private static HttpResponse<String> put(SessionId id, String query, String body, String... headers) {
        HttpRequest.Builder b = api.request(files(id, query)).PUT(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return api.send(b.build());
    }

    private SessionId sessionWithFile(String path, String text) {
        SessionId id = api.newSession();
        assertThat(put(id, "path=" + path + "&createParents=true", text).statusCode())
                .isEqualTo(200);
        return id;
    }

    @Test
    void put_thenGet_roundTripsWithEtagAndManifestEntry() throws Exception {
        SessionId id = api.newSession();
        HttpResponse<String> w = put(id, "path=src/a.txt&createParents=true&mode=0600", "hello");
        assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
        assertThat(w.body())
                .contains("\"path\":\"src/a.txt\"")
                .contains("\"type\":\"ENTRY_TYPE_FILE\"")
                .contains("\"size\":\"5\"")
                .contains("\"mode\":384");
        HttpResponse<String> r = api.get(files(id, "path=src/a.txt"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        String hash = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(w.body())
                .get("contentHash")
                .asText();
        assertThat(r.headers().firstValue("etag")).hasValue("\"" + hash + "\"");
        assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
    }

    @Test
    void get_range_suffix_unsatisfiable_notModified() {
        SessionId id = sessionWithFile("f.txt", "0123456789");
        HttpResponse<String> part = api.send(api.request(files(id, "path=f.txt"))
                .header("Range", "bytes=2-4")
                .build());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("234");
        assertThat(part.headers().firstValue("content-range")).hasValue("bytes 2-4/10");
        HttpResponse<String> suffix = api.send(
                api.request(files(id, "path=f.txt")).header("Range", "bytes=-3").build());
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo("789");
        assertThat(suffix.headers().firstValue("content-range")).hasValue("bytes 7-9/10");
        HttpResponse<String> open = api.send(
                api.request(files(id, "path=f.txt")).header("Range", "bytes=8-").build());
        assertThat(open.body()).isEqualTo("89");
        HttpResponse<String> bad = api.send(api.request(files(id, "path=f.txt"))
                .header("Range", "bytes=10-")
                .build());
        assertThat(bad.statusCode()).isEqualTo(416);
        assertThat(bad.headers().firstValue("content-range")).hasValue("bytes */10");
        assertThat(bad.body()).contains("\"code\":11");
        String etag =
                api.get(files(id, "path=f.txt")).headers().firstValue("etag").orElseThrow();
        HttpResponse<String> same = api.send(api.request(files(id, "path=f.txt"))
                .header("If-None-Match", etag)
                .build());
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.headers().firstValue("etag")).hasValue(etag);
    }

    @Test
    void head_addsModeAndMtime() {
        SessionId id = api.newSession();
        put(id, "path=x.sh&mode=493", "#!/bin/sh\n");
        HttpResponse<String> h = api.send(api.request(files(id, "path=x.sh"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).isEmpty();
        assertThat(h.headers().firstValue("x-aetherfs-mode")).hasValue("0755");
        assertThat(h.headers().firstValue("x-aetherfs-mtime"))
                .hasValueSatisfying(v -> assertThat(v).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        assertThat(h.headers().firstValue("content-length")).hasValue("10");
        assertThat(h.headers().firstValue("etag")).isPresent();
    }

    @Test
    void get_missingFileOrDirectory_isJsonError() {
        SessionId id = sessionWithFile("d/f", "x");
        HttpResponse<String> missing = api.get(files(id, "path=nope"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("PATH_NOT_FOUND");
        assertThat(api.get(files(id, "path=d")).body()).contains("IS_A_DIRECTORY");
        assertThat(api.get(files(id, "path=../x")).statusCode()).isEqualTo(400);
        assertThat(api.get(files(id, "")).statusCode()).isEqualTo(400);
        assertThat(api.get(files(id, "path=a&bogus=1")).statusCode()).isEqualTo(400);
    }

    @Test
    void put_ifMatchMismatch_is412AndFileUnchanged() {
        SessionId id = sessionWithFile("f.txt", "one");
        HttpResponse<String> r = put(id, "path=f.txt", "two", "If-Match", "\"" + "0".repeat(64) + "\"");
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(r.body()).contains("STALE_EXPECTED_HASH").contains("\"code\":9");
        assertThat(api.read(id, "f.txt")).isEqualTo("one");
        String etag =
                api.get(files(id, "path=f.txt")).headers().firstValue("etag").orElseThrow();
        assertThat(put(id, "path=f.txt", "two", "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(api.read(id, "f.txt")).isEqualTo("two");
        HttpResponse<String> query = put(id, "path=f.txt&expectedHash=" + "0".repeat(64), "three");
        assertThat(query.statusCode()).isEqualTo(409);
    }

    @Test
    void put_ifNoneMatchStar_onExisting_is412() {
        SessionId id = sessionWithFile("f.txt", "one");
        HttpResponse<String> r = put(id, "path=f.txt", "two", "If-None-Match", "*");
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(r.body()).contains("PATH_EXISTS");
        assertThat(api.read(id, "f.txt")).isEqualTo("one");
        assertThat(put(id, "path=g.txt", "new", "If-None-Match", "*").statusCode())
                .isEqualTo(200);
    }

    @Test
    void put_overTheFileLimit_is429AndWritesNothing() {
        SessionId id = api.newSession();
        HttpResponse<String> r = put(id, "path=big", "x".repeat(MAX_FILE + 1));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("PAYLOAD_TOO_LARGE").contains("\"code\":8");
        HttpResponse<String> streamed = api.send(api.request(files(id, "path=big"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[MAX_FILE + 10])))
                .build());
        assertThat(streamed.statusCode()).isEqualTo(429);
        assertThat(api.get(files(id, "path=big")).statusCode()).isEqualTo(404);
    }

    @Test
    void export_allFormats_haveTheirContentTypeAndReadBack() throws Exception {
        SessionId id = sessionWithFile("src/a.txt", "alpha");
        put(id, "path=src/b.txt", "beta");
        put(id, "path=top.txt", "top");
        Map<String, String> types =
                Map.of("tar", "application/x-tar", "tar.gz", "application/gzip", "zip", "application/zip");
        for (var t : types.entrySet()) {
            HttpResponse<byte[]> r = api.sendBytes(
                    api.request("/v1/sessions/" + id.value() + ":export?format=" + t.getKey() + "&pathPrefix=src")
                            .build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue(t.getValue());
            Map<String, String> files = new TreeMap<>();
            try (ArchiveReader in = ArchiveReader.open(
                    ArchiveFormat.parse(t.getKey()), new ByteArrayInputStream(r.body()), ArchiveLimits.DEFAULTS)) {
                ArchiveEntry e;
                while ((e = in.next()) != null) {
                    if (e.type() == io.aetherfs.service.archive.ArchiveEntryType.FILE) {
                        files.put(e.path(), new String(in.content().readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(files).as(t.getKey()).containsValues("alpha", "beta").doesNotContainValue("top");
        }
        HttpResponse<String> bad = api.get("/v1/sessions/" + id.value() + ":export?format=rar");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.get("/v1/sessions/" + id.value() + ":export?at=commit:cmt_nope")
                        .statusCode())
                .isIn(400, 404);
    }

    @Test
    void syncFromTarball_deleteMissing_replacesTheTree() throws Exception {
        SessionId id = sessionWithFile("keep.txt", "old");
        put(id, "path=gone.txt", "bye");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (ArchiveWriter w = ArchiveWriter.open(ArchiveFormat.TAR, tar)) {
            for (String[] f : new String[][] {{"keep.txt", "new"}, {"added/x.txt", "x"}}) {
                byte[] b = f[1].getBytes(StandardCharsets.UTF_8);
                w.add(ArchiveEntry.file(f[0], 0644, Instant.now(), b.length), () -> new ByteArrayInputStream(b));
            }
            w.finish();
        }
        HttpResponse<String> r =
                api.send(api.request("/v1/sessions/" + id.value() + ":syncFromTarball?deleteMissing=true")
                        .header("Content-Type", "application/x-tar")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(tar.toByteArray()))
                        .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"fingerprint\":\"").contains("\"deleted\":\"1\"");
        assertThat(api.read(id, "keep.txt")).isEqualTo("new");
        assertThat(api.read(id, "added/x.txt")).isEqualTo("x");
        assertThat(api.services
                        .fileReads()
                        .manifest(
                                api.alice,
                                id,
                                new io.aetherfs.service.files.ManifestQuery(FsPath.ROOT, true, false),
                                io.aetherfs.service.page.PageRequest.FIRST)
                        .entries())
                .noneMatch(e -> e.path().value().equals("gone.txt"));
        HttpResponse<String> junk = api.send(api.request("/v1/sessions/" + id.value() + ":syncFromTarball")
                .POST(HttpRequest.BodyPublishers.ofString("this is not a tarball, not at all"))
                .build());
        assertThat(junk.statusCode()).isEqualTo(400);
    }

    @Test
    void streamedJsonBodyOverTheLimit_is429EvenWithoutContentLength() {
        String json = "{\"displayName\": \"" + "x".repeat(5000) + "\"}";
        HttpResponse<String> r = api.send(api.request("/v1/sessions")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .build());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("PAYLOAD_TOO_LARGE").contains("\"limit\":\"4096\"");
    }

    @Test
    void missingToken_is401JsonStatus() {
        SessionId id = sessionWithFile("f", "x");
        HttpResponse<String> r =
                api.send(HttpRequest.newBuilder(api.uri(files(id, "path=f"))).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"code\":16");
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void otherTenantsSession_is404() {
        SessionId id = sessionWithFile("f", "x");
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri(files(id, "path=f")))
                .header("Authorization", ApiFixture.MALLORY)
                .build());
        assertThat(r.statusCode()).isEqualTo(404);
        HttpResponse<String> w = api.send(HttpRequest.newBuilder(api.uri(files(id, "path=f")))
                .header("Authorization", ApiFixture.MALLORY)
                .PUT(HttpRequest.BodyPublishers.ofString("evil"))
                .build());
        assertThat(w.statusCode()).isEqualTo(404);
        assertThat(api.read(id, "f")).isEqualTo("x");
        assertThat(api.get("/v1/sessions/not-a-session/files?path=f").statusCode())
                .isEqualTo(404);
    }
}
