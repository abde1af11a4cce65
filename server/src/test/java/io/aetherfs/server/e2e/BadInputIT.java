package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.enc;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aetherfs.testkit.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input against a real server over a real socket (embedded stores, dev auth): every case is
 * answered with the right HTTP status and {@code google.rpc.Status} body (code, message, ErrorInfo
 * reason where the spec names one), mutations leave the session exactly as it was (fingerprint and
 * event count), and no answer in the class is a 5xx or shows a stack trace. The server runs with small
 * {@code limits.max_json_body_bytes} and {@code limits.max_file_bytes} so size limits are cheap to hit.
 */
class BadInputIT {
    private static final int MAX_JSON = 64 * 1024;
    private static final int MAX_FILE = 16 * 1024;
    private static final String ZERO_HASH = BadInputs.ZERO_HASH;

    @TempDir
    static Path dir;

    private static InProcessServer server;

    private ApiClient api;
    private String tenant;
    private String session;

    @BeforeAll
    static void startServer() {
        server = InProcessServer.start(
                dir,
                Map.of(
                        "AFS_SERVER_LIMITS_MAX_JSON_BODY_BYTES", Integer.toString(MAX_JSON),
                        "AFS_SERVER_LIMITS_MAX_FILE_BYTES", Integer.toString(MAX_FILE)));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newTenant() {
        tenant = UUID.randomUUID().toString();
        api = server.client(tenant, "alice");
        session = api.newSession("bad-input");
        api.write(session, "f.txt", "original\n");
        api.write(session, "d/g.txt", "in a directory\n");
    }

    @AfterEach
    void noServerFaults() {
        StatusAssert.assertNoServerFaults(api.replies());
    }

    /** A session's observable state: its tree (fingerprint) and how many events its log holds. */
    private record State(String fingerprint, int events) {}

    private State state(String id) {
        return new State(api.fingerprint(id), api.events(id).size());
    }

    private String s(String suffix) {
        return "/v1/sessions/" + session + suffix;
    }

    // ---- paths -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.aetherfs.server.e2e.BadInputs#badPaths")
    void putFile_badPath_is400AndWritesNothing(String label, String path) {
        State before = state(session);

        ApiClient.Reply r = api.put(s("/files?createParents=true&path=" + enc(path)), bytes("x"));

        assertError(r, 400, 3, null);
        assertThat(state(session)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.aetherfs.server.e2e.BadInputs#badPaths")
    void fileQueryRoutes_badPath_are400(String label, String path) {
        State before = state(session);

        assertError(api.get(s("/files?path=" + enc(path))), 400, 3, null);
        assertError(api.delete(s("/files?path=" + enc(path))), 400, 3, null);

        assertThat(state(session)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.aetherfs.server.e2e.BadInputs#badPathsInJson")
    void jsonRoutes_badPathInBody_is400AndWritesNothing(String label, String route, String body) {
        State before = state(session);

        assertError(api.post(s(route), body), 400, 3, null);

        assertThat(state(session)).isEqualTo(before);
        assertThat(api.get(s("/files?path=ok-first.txt")).status()).isEqualTo(404);
    }

    @Test
    void putFile_absolutePath_namesAPathInsideTheSession() throws IOException {
        Path etcPasswd = Path.of("/etc/passwd");
        byte[] hostBefore = Files.isReadable(etcPasswd) ? Files.readAllBytes(etcPasswd) : null;

        JsonNode entry = api.write(session, "/etc/passwd", "root:x:0:0:not really:/root:/bin/sh\n");
        ObjectNode batch = JSON.createObjectNode();
        batch.putArray("operations")
                .addObject()
                .putObject("write")
                .put("path", "/etc/shadow")
                .put("content", Base64.getEncoder().encodeToString(bytes("nope")))
                .put("createParents", true);
        ok(api.post(s("/batch"), batch));

        assertThat(entry.path("path").asText()).isEqualTo("etc/passwd");
        assertThat(api.read(session, "etc/passwd")).isEqualTo(bytes("root:x:0:0:not really:/root:/bin/sh\n"));
        assertThat(api.read(session, "/etc/passwd")).isEqualTo(api.read(session, "etc/passwd"));
        assertThat(api.read(session, "etc/shadow")).isEqualTo(bytes("nope"));
        assertThat(api.manifest(session))
                .extracting(e -> e.path("path").asText())
                .contains("etc", "etc/passwd", "etc/shadow")
                .allSatisfy(p -> assertThat(p).doesNotStartWith("/"));
        if (hostBefore != null) {
            assertThat(Files.readAllBytes(etcPasswd)).isEqualTo(hostBefore);
        }
        // the server wrote nothing beside its data directory, and no file named after a session path
        try (Stream<Path> top = Files.list(dir)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("data");
        }
        try (Stream<Path> all = Files.walk(server.dataDir())) {
            assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("etc", "passwd", "shadow");
        }
    }

    @Test
    void putFile_longestValidPathAndComponent_areAccepted() {
        String component = "c".repeat(255);
        String ascii = padTo(4096, "p");
        String twoByte = padTo(4096, "é"); // percent-encoded to about three times its length in the URL
        assertThat(ascii.getBytes(StandardCharsets.UTF_8)).hasSize(4096);
        assertThat(twoByte.getBytes(StandardCharsets.UTF_8)).hasSize(4096);

        assertThat(api.write(session, "d/" + component, "255").path("path").asText())
                .isEqualTo("d/" + component);
        for (String path : List.of(ascii, twoByte)) {
            JsonNode entry = api.write(session, path, "4096");

            assertThat(entry.path("path").asText()).isEqualTo(path);
            assertThat(api.read(session, path)).isEqualTo(bytes("4096"));
        }
    }

    /**
     * Returns a valid path of exactly {@code bytes} UTF-8 bytes: components of 100 × {@code unit} (one or
     * two bytes each) and a last component of ASCII filler.
     */
    private static String padTo(int bytes, String unit) {
        String component = unit.repeat(100);
        int componentBytes = component.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder b = new StringBuilder();
        int used = 0;
        while (bytes - used > 255) {
            b.append(component).append('/');
            used += componentBytes + 1;
        }
        return b.append("z".repeat(bytes - used)).toString();
    }

    @Test
    void requestsRefusedBeforeRouting_areAnsweredWithAStatusBody() {
        State before = state(session);

        List<ApiClient.Reply> replies = List.of(
                api.get("/v1/sessions/%00"),
                api.get(s("/files?path=" + enc("a/../b"))),
                api.get(s("/files?path=" + "p".repeat(70_000))));

        for (ApiClient.Reply r : replies) {
            assertThat(r.status()).as(r.toString()).isBetween(400, 499);
            assertThat(r.header("content-type")).as(r.toString()).startsWith("application/json");
            assertThat(r.json().path("code").asInt()).as(r.toString()).isIn(3, 8);
            assertThat(r.json().path("message").asText()).as(r.toString()).isNotBlank();
        }
        assertThat(state(session)).isEqualTo(before);
    }

    // ---- malformed JSON ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.aetherfs.server.e2e.BadInputs#malformedBodies")
    void jsonRoutes_malformedBody_is400AndChangesNothing(String label, String route, String body, String named) {
        State before = state(session);

        ApiClient.Reply r = api.post(s(route), body);

        assertError(r, 400, 3, null);
        if (named != null) {
            assertThat(r.json().path("message").asText()).contains(named);
        }
        assertThat(state(session)).isEqualTo(before);
        assertThat(api.get(s("/files?path=new")).status()).isEqualTo(404);
    }

    @Test
    void jsonRoutes_invalidUtf8Body_is400AndChangesNothing() {
        State before = state(session);
        byte[] body = {'{', '"', 'p', 'a', 't', 'h', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};

        assertError(api.send("POST", s("/dirs"), body), 400, 3, null);

        assertThat(state(session)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"displayName\":\"x\"", "{\"displayName\":\"x\"} xx", "[]", "{\"displayNam\":\"x\"}"})
    void createSession_malformedBody_is400AndCreatesNothing(String body) {
        int sessions = sessionCount();

        assertError(api.post("/v1/sessions", body), 400, 3, null);

        assertThat(sessionCount()).isEqualTo(sessions);
    }

    private int sessionCount() {
        return ok(api.get("/v1/sessions?pageSize=1000")).json().path("sessions").size();
    }

    // ---- oversize bodies ---------------------------------------------------------------------------

    private String batchOfSize(int minBytes) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode ops = body.putArray("operations");
        String chunk = Base64.getEncoder().encodeToString(new byte[700]);
        for (int i = 0; body.toString().length() < minBytes; i++) {
            ops.addObject()
                    .putObject("write")
                    .put("path", "big/" + i)
                    .put("content", chunk)
                    .put("createParents", true);
        }
        return body.toString();
    }

    @Test
    void batch_jsonBodyOverTheLimit_is429PayloadTooLargeAndWritesNothing() {
        State before = state(session);
        String body = batchOfSize(MAX_JSON + 1);

        JsonNode meta = assertError(api.post(s("/batch"), body), 429, 8, "PAYLOAD_TOO_LARGE");

        assertThat(meta.path("limit").asText()).isEqualTo(Integer.toString(MAX_JSON));
        assertThat(state(session)).isEqualTo(before);
        assertThat(api.get(s("/files?path=big/0")).status()).isEqualTo(404);
    }

    @Test
    void batch_streamedJsonBodyOverTheLimit_is429PayloadTooLargeAndWritesNothing() {
        State before = state(session);
        byte[] body = bytes(batchOfSize(MAX_JSON + 1));

        ApiClient.Reply r = api.sendStreamed("POST", s("/batch"), () -> new ByteArrayInputStream(body));

        assertError(r, 429, 8, "PAYLOAD_TOO_LARGE");
        assertThat(state(session)).isEqualTo(before);
    }

    @Test
    void batch_jsonBodyJustUnderTheLimit_isAccepted() {
        String body = batchOfSize(MAX_JSON - 1200);
        assertThat(body.length()).isLessThanOrEqualTo(MAX_JSON);

        ok(api.post(s("/batch"), body));

        assertThat(api.read(session, "big/0")).hasSize(700);
    }

    @Test
    void putFile_bodyOverTheFileLimit_is429AndWritesNothing() {
        State before = state(session);

        ApiClient.Reply fresh = api.put(s("/files?path=huge.bin"), new byte[MAX_FILE + 1]);
        ApiClient.Reply overwrite = api.put(s("/files?path=f.txt"), new byte[MAX_FILE + 1]);
        ApiClient.Reply streamed = api.sendStreamed(
                "PUT", s("/files?path=huge.bin"), () -> new ByteArrayInputStream(new byte[MAX_FILE + 1]));

        for (ApiClient.Reply r : List.of(fresh, overwrite, streamed)) {
            JsonNode meta = assertError(r, 429, 8, "PAYLOAD_TOO_LARGE");
            assertThat(meta.path("limit").asText()).isEqualTo(Integer.toString(MAX_FILE));
        }
        assertThat(state(session)).isEqualTo(before);
        assertThat(api.read(session, "f.txt")).isEqualTo(bytes("original\n"));
        assertThat(api.get(s("/files?path=huge.bin")).status()).isEqualTo(404);
    }

    @Test
    void putFile_bodyExactlyAtTheFileLimit_isWritten() {
        assertThat(api.write(session, "max.bin", new byte[MAX_FILE])
                        .path("size")
                        .asLong())
                .isEqualTo(MAX_FILE);
    }

    @Test
    void batch_writeOverTheFileLimit_is429AndWritesNothing() {
        State before = state(session);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode ops = body.putArray("operations");
        ops.addObject().putObject("write").put("path", "small").put("content", "eA==");
        ops.addObject()
                .putObject("write")
                .put("path", "huge.bin")
                .put("content", Base64.getEncoder().encodeToString(new byte[MAX_FILE + 1]));

        assertError(api.post(s("/batch"), body), 429, 8, "PAYLOAD_TOO_LARGE");

        assertThat(state(session)).isEqualTo(before);
        assertThat(api.get(s("/files?path=small")).status()).isEqualTo(404);
    }

    // ---- wrong session status ----------------------------------------------------------------------

    /** Every tree mutation, restore and merge-as-target; each must be refused outside ACTIVE. */
    private List<ApiClient.Reply> mutations(String id, String child, String checkpointId) {
        String p = "/v1/sessions/" + id;
        ObjectNode batch = JSON.createObjectNode();
        batch.putArray("operations")
                .addObject()
                .putObject("write")
                .put("path", "b.txt")
                .put("content", "eA==");
        return List.of(
                api.put(p + "/files?path=f.txt", bytes("changed")),
                api.put(p + "/files?path=new.txt", bytes("new")),
                api.delete(p + "/files?path=f.txt"),
                api.post(p + "/batch", batch),
                api.post(p + "/dirs", "{\"path\":\"nd\"}"),
                api.delete(p + "/dirs?path=d&recursive=true"),
                api.post(p + "/rename", "{\"fromPath\":\"f.txt\",\"toPath\":\"moved.txt\"}"),
                api.post(p + "/symlinks", "{\"path\":\"ln\",\"target\":\"f.txt\"}"),
                api.post(p + "/commit", "{\"message\":\"m\",\"allowEmpty\":true}"),
                api.post(p + "/restore", JSON.createObjectNode().put("checkpointId", checkpointId)),
                api.post(p + ":merge", JSON.createObjectNode().put("childSessionId", child)));
    }

    @Test
    void mutations_whilePendingReview_are409SessionNotActiveAndChangeNothing() {
        String child = ok(api.post(s("/fork"), "{}")).json().path("id").asText();
        api.write(child, "from-child.txt", "child\n");
        String checkpoint = ok(api.post(s("/checkpoints"), "{\"name\":\"c\"}"))
                .json()
                .path("checkpointId")
                .asText();
        ok(api.post(s(":submitForReview"), "{\"comment\":\"please look\"}"));
        assertThat(api.session(session).path("status").asText()).isEqualTo("SESSION_STATUS_PENDING_REVIEW");
        State before = state(session);

        for (ApiClient.Reply r : mutations(session, child, checkpoint)) {
            JsonNode meta = assertError(r, 409, 9, "SESSION_NOT_ACTIVE");
            assertThat(meta.path("status").asText()).isEqualTo("SESSION_STATUS_PENDING_REVIEW");
        }

        assertThat(state(session)).isEqualTo(before);
        assertThat(api.read(session, "f.txt")).isEqualTo(bytes("original\n"));
        assertThat(api.get(s("/files?path=from-child.txt")).status()).isEqualTo(404);
    }

    /**
     * A raw PUT refused before (or while) its body is read must still get its 409 or 429, whatever the
     * timing of the body's arrival: a race between the handler giving up the body and the HTTP/1
     * decoder writing the next chunk used to turn a few percent of these answers into a bare 500.
     */
    @Test
    void putFile_refusedBeforeItsBodyIsRead_isNever500() {
        String frozen = api.newSession("frozen");
        ok(api.post("/v1/sessions/" + frozen + ":submitForReview", "{}"));
        Map<Integer, Integer> statuses = new TreeMap<>();

        for (int i = 0; i < 60; i++) {
            byte[] body = new byte[i % 2 == 0 ? 1_000 : 100_000];
            statuses.merge(
                    api.put("/v1/sessions/" + frozen + "/files?path=f" + i, body)
                            .status(),
                    1,
                    Integer::sum);
            statuses.merge(
                    api.put(s("/files?path=big" + i), new byte[MAX_FILE + 1 + i * 1000])
                            .status(),
                    1,
                    Integer::sum);
        }

        assertThat(statuses).containsOnlyKeys(409, 429);
    }

    @Test
    void mutationsAndTreeReads_whileArchived_are409SessionNotActiveAndChangeNothing() throws Exception {
        String parent = api.newSession("parent");
        api.write(parent, "f.txt", "original\n");
        String archived = ok(api.post("/v1/sessions/" + parent + "/fork", "{}"))
                .json()
                .path("id")
                .asText();
        api.write(archived, "d/g.txt", "in a directory\n");
        String checkpoint = ok(api.post("/v1/sessions/" + archived + "/checkpoints", "{}"))
                .json()
                .path("checkpointId")
                .asText();
        String grandchild = ok(api.post("/v1/sessions/" + archived + "/fork", "{}"))
                .json()
                .path("id")
                .asText();
        ok(api.post("/v1/sessions/" + archived + ":archive", "{}"));
        awaitStatus(archived, "SESSION_STATUS_ARCHIVED");
        State before = state(archived);
        State parentBefore = state(parent);

        List<ApiClient.Reply> refused = new ArrayList<>(mutations(archived, grandchild, checkpoint));
        String a = "/v1/sessions/" + archived;
        refused.add(api.post(a + "/checkpoints", "{\"name\":\"late\"}"));
        refused.add(api.get(a + "/files?path=f.txt"));
        refused.add(api.get(a + "/manifest"));
        refused.add(api.get(a + ":export?format=tar.gz"));
        refused.add(api.get(a + "/diff"));
        refused.add(api.post(a + "/fork", "{}"));
        refused.add(api.post(
                "/v1/sessions/" + parent + ":merge", JSON.createObjectNode().put("childSessionId", archived)));
        for (ApiClient.Reply r : refused) {
            JsonNode meta = assertError(r, 409, 9, "SESSION_NOT_ACTIVE");
            assertThat(meta.path("status").asText()).as(r.toString()).isEqualTo("SESSION_STATUS_ARCHIVED");
        }

        // metadata reads still answer
        assertThat(api.session(archived).path("status").asText()).isEqualTo("SESSION_STATUS_ARCHIVED");
        ok(api.get(a + "/checkpoints"));
        assertThat(state(archived)).isEqualTo(before);
        assertThat(state(parent)).isEqualTo(parentBefore);
    }

    private void awaitStatus(String id, String status) {
        Await.until(
                Duration.ofSeconds(20),
                "session " + id + " reaching " + status,
                () -> api.session(id).path("status").asText().equals(status),
                () -> api.session(id).path("status").asText());
    }

    // ---- stale expected hashes ---------------------------------------------------------------------

    private String hashOf(String path) {
        return ok(api.send("HEAD", s("/files?path=" + enc(path)), null))
                .header("etag")
                .replace("\"", "");
    }

    @Test
    void putFile_staleExpectedHash_is409WithPathAndCurrentHash() {
        State before = state(session);
        String current = hashOf("f.txt");

        JsonNode meta = assertError(
                api.put(s("/files?path=f.txt&expectedHash=" + ZERO_HASH), bytes("lost update")),
                409,
                9,
                "STALE_EXPECTED_HASH");

        assertThat(meta.path("path").asText()).isEqualTo("f.txt");
        assertThat(meta.path("currentHash").asText()).isEqualTo(current);
        assertThat(state(session)).isEqualTo(before);
        assertThat(api.read(session, "f.txt")).isEqualTo(bytes("original\n"));
    }

    @Test
    void deleteFile_staleExpectedHash_is409WithPathAndCurrentHash() {
        State before = state(session);
        String current = hashOf("f.txt");

        JsonNode meta = assertError(
                api.delete(s("/files?path=f.txt&expectedHash=" + ZERO_HASH)), 409, 9, "STALE_EXPECTED_HASH");

        assertThat(meta.path("path").asText()).isEqualTo("f.txt");
        assertThat(meta.path("currentHash").asText()).isEqualTo(current);
        assertThat(state(session)).isEqualTo(before);
        assertThat(api.read(session, "f.txt")).isEqualTo(bytes("original\n"));
    }

    @Test
    void putFile_staleIfMatch_is412WithStaleExpectedHash() {
        State before = state(session);
        String current = hashOf("f.txt");

        JsonNode meta = assertError(
                api.put(s("/files?path=f.txt"), bytes("lost update"), "If-Match", "\"" + ZERO_HASH + "\""),
                412,
                9,
                "STALE_EXPECTED_HASH");

        assertThat(meta.path("path").asText()).isEqualTo("f.txt");
        assertThat(meta.path("currentHash").asText()).isEqualTo(current);
        assertThat(state(session)).isEqualTo(before);
    }

    @Test
    void deleteFile_staleIfMatch_is412AndKeepsTheFile() {
        State before = state(session);

        JsonNode meta = assertError(
                api.delete(s("/files?path=f.txt"), "If-Match", "\"" + ZERO_HASH + "\""), 412, 9, "STALE_EXPECTED_HASH");

        assertThat(meta.path("currentHash").asText()).isEqualTo(hashOf("f.txt"));
        assertThat(state(session)).isEqualTo(before);
        assertThat(api.read(session, "f.txt")).isEqualTo(bytes("original\n"));
    }

    @Test
    void putFile_ifNoneMatchStarOnExistingFile_is412PathExists() {
        State before = state(session);

        assertError(api.put(s("/files?path=f.txt"), bytes("clobber"), "If-None-Match", "*"), 412, 6, "PATH_EXISTS");

        assertThat(state(session)).isEqualTo(before);
    }

    // ---- tenancy and ids ---------------------------------------------------------------------------

    @Test
    void otherTenantsSession_is404EverywhereAndUntouched() {
        String otherTenant = UUID.randomUUID().toString();
        ApiClient mallory = api.as(otherTenant, "mallory");
        String mallorys = mallory.newSession("mallory's own");
        String alicesChild = ok(api.post(s("/fork"), "{}")).json().path("id").asText();
        State before = state(session);
        State childBefore = state(alicesChild);
        String m = "/v1/sessions/" + session;
        ObjectNode batch = JSON.createObjectNode();
        batch.putArray("operations")
                .addObject()
                .putObject("write")
                .put("path", "pwn")
                .put("content", "eA==");

        List<ApiClient.Reply> replies = List.of(
                mallory.get(m),
                mallory.get(m + "/files?path=f.txt"),
                mallory.get(m + "/manifest"),
                mallory.get(m + "/events"),
                mallory.put(m + "/files?path=pwn", bytes("pwned")),
                mallory.delete(m + "/files?path=f.txt"),
                mallory.post(m + "/batch", batch),
                mallory.post(m + "/fork", "{}"),
                mallory.post(m + ":merge", JSON.createObjectNode().put("childSessionId", alicesChild)),
                mallory.post(
                        "/v1/sessions/" + mallorys + ":merge",
                        JSON.createObjectNode().put("childSessionId", alicesChild)),
                mallory.post(
                        "/v1/sessions/" + mallorys + ":mergeFrom",
                        JSON.createObjectNode().put("sourceSessionId", session)),
                api.post(m + ":merge", JSON.createObjectNode().put("childSessionId", mallorys)));
        for (ApiClient.Reply r : replies) {
            assertError(r, 404, 5, null);
        }

        assertThat(state(session)).isEqualTo(before);
        assertThat(state(alicesChild)).isEqualTo(childBefore);
        assertThat(ok(mallory.get("/v1/sessions?pageSize=1000")).json().path("sessions"))
                .extracting(n -> n.path("id").asText())
                .containsExactly(mallorys);
        assertThat(mallory.events(mallorys)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nope",
                "sess_",
                "sess_01m80z1qgssc77ye98ed7bmpz",
                "sess_01M80Z1QGSSC77YE98ED7BMPZZ",
                "ckpt_01m80z1qgssc77ye98ed7bmpzz",
                "sess_01m80z1qgssc77ye98ed7bmpzz",
                "sess_01m80z1qgssc77ye98ed7bmpzz%2Fx"
            })
    void malformedOrUnknownSessionId_is404(String id) {
        String p = "/v1/sessions/" + id;

        assertError(api.get(p), 404, 5, null);
        assertError(api.get(p + "/files?path=f.txt"), 404, 5, null);
        assertError(api.put(p + "/files?path=x", bytes("x")), 404, 5, null);
        assertError(api.post(p + "/batch", "{\"operations\":[{\"mkdir\":{\"path\":\"x\"}}]}"), 404, 5, null);
        assertError(api.post(p + "/fork", "{}"), 404, 5, null);
        assertError(api.post(s(":merge"), JSON.createObjectNode().put("childSessionId", id)), 404, 5, null);
    }

    @ParameterizedTest
    @MethodSource("io.aetherfs.server.e2e.BadInputs#badAuthorizations")
    void missingOrGarbageToken_is401AndChangesNothing(String authorization) {
        ApiClient anon = api.withAuthorization(authorization);
        State before = state(session);

        assertError(anon.get(s("")), 401, 16, null);
        assertError(anon.put(s("/files?path=f.txt"), bytes("anonymous")), 401, 16, null);
        assertError(anon.post(s("/batch"), "{\"operations\":[]}"), 401, 16, null);
        assertError(anon.post("/v1/sessions", "{}"), 401, 16, null);

        assertThat(state(session)).isEqualTo(before);
    }

    // ---- batches and page tokens -------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.aetherfs.server.e2e.BadInputs#badBatchOperations")
    void batch_oneBadOperation_appliesNothing(String label, String badOp, int http, int code, String reason)
            throws IOException {
        State before = state(session);
        String body = "{\"operations\":["
                + "{\"write\":{\"path\":\"first.txt\",\"content\":\"eA==\"}},"
                + "{\"write\":{\"path\":\"d/g.txt\",\"content\":\"eA==\"}},"
                + "{\"mkdir\":{\"path\":\"newdir\"}},"
                + badOp + ","
                + "{\"write\":{\"path\":\"last.txt\",\"content\":\"eA==\"}}]}";
        JSON.readTree(body); // the test's own JSON is well-formed

        assertError(api.post(s("/batch"), body), http, code, reason);

        assertThat(state(session)).isEqualTo(before);
        assertThat(api.read(session, "f.txt")).isEqualTo(bytes("original\n"));
        assertThat(api.read(session, "d/g.txt")).isEqualTo(bytes("in a directory\n"));
        for (String absent : List.of("first.txt", "newdir", "last.txt")) {
            assertThat(api.get(s("/files?path=" + absent)).status()).as(absent).isIn(404, 409);
        }
        assertThat(api.manifest(session))
                .extracting(e -> e.path("path").asText())
                .containsExactlyInAnyOrder("f.txt", "d", "d/g.txt");
    }

    @Test
    void batch_overTheOperationLimit_is400AndAppliesNothing() {
        State before = state(session);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode ops = body.putArray("operations");
        for (int i = 0; i < 1001; i++) {
            ops.addObject().putObject("mkdir").put("path", "m" + i);
        }
        assertThat(body.toString().length()).isLessThan(MAX_JSON);

        assertError(api.post(s("/batch"), body), 400, 3, null);

        assertThat(state(session)).isEqualTo(before);
    }

    @Test
    void pageToken_fromAnotherListOrGarbage_is400() {
        for (int i = 0; i < 3; i++) {
            ok(api.post(s("/checkpoints"), "{\"name\":\"c" + i + "\"}"));
        }
        api.newSession("second");
        String eventsToken = ok(api.get(s("/events?pageSize=1")))
                .json()
                .path("nextPageToken")
                .asText();
        String sessionsToken = ok(api.get("/v1/sessions?pageSize=1"))
                .json()
                .path("nextPageToken")
                .asText();
        String checkpointsToken = ok(api.get(s("/checkpoints?pageSize=1")))
                .json()
                .path("nextPageToken")
                .asText();
        String other = api.newSession("other");
        assertThat(Arrays.asList(eventsToken, sessionsToken, checkpointsToken)).doesNotContain("");

        List<ApiClient.Reply> replies = List.of(
                api.get(s("/manifest?pageToken=" + enc(eventsToken))),
                api.get(s("/checkpoints?pageToken=" + enc(eventsToken))),
                api.get("/v1/sessions?pageToken=" + enc(eventsToken)),
                api.get(s("/events?pageToken=" + enc(sessionsToken))),
                api.get(s("/events?pageToken=" + enc(checkpointsToken))),
                api.get("/v1/sessions/" + other + "/events?pageToken=" + enc(eventsToken)),
                api.get(s("/events?pageSize=1&types=EVENT_TYPE_FILE_WRITTEN&pageToken=" + enc(eventsToken))),
                api.get(s("/events?pageToken=garbage")),
                api.get(s("/events?pageToken=" + enc("!!!"))));
        for (ApiClient.Reply r : replies) {
            assertError(r, 400, 3, null);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
