package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static io.aetherfs.server.e2e.StatusAssert.assertNoServerFaults;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aetherfs.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 12 knowledge-cache routes of spec §9.4 over a real socket and the HTTP/JSON API on the embedded
 * stores (the PostgreSQL + S3 twin is {@link ScaleOutKnowledgeCacheHttpIT}; the gRPC one is
 * {@code grpc/KnowledgeCacheGrpcIT}): answers, percent-encoded keys, and every refusal.
 */
class KnowledgeCacheHttpIT {
    private static final String TENANT = "6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
    private static final String OTHER = "7e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7";

    @TempDir
    Path dir;

    private InProcessServer server;
    private ApiClient api;
    private String s;

    @BeforeEach
    void start() {
        server = startServer(dir);
        api = server.client(TENANT, "alice");
        s = "/v1/sessions/" + api.newSession("cache") + "/cache/";
    }

    /** Starts the server under test: the embedded default here. */
    InProcessServer startServer(Path dir) {
        return InProcessServer.start(dir, Map.of());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            assertNoServerFaults(api.replies());
            server.close();
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private ApiClient.Reply put(String encodedKey, String json) {
        return api.send(
                "PUT", s + encodedKey, json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private ApiClient.Reply put(String encodedKey, ObjectNode body) {
        return put(encodedKey, body.toString());
    }

    private ObjectNode value(String text) {
        return JSON.createObjectNode().put("value", b64(text));
    }

    @Test
    void setGetExistsMetadataDelete_withEncodedKeys() {
        JsonNode m = ok(put("tests%3Aunit%2Fr%C3%A9sum%C3%A9", value("one").put("contentType", "text/plain")))
                .json();
        assertThat(m.path("key").asText()).isEqualTo("tests:unit/résumé");
        assertThat(m.path("version").asText()).isEqualTo("1");
        assertThat(m.path("size").asText()).isEqualTo("3");
        assertThat(m.path("contentType").asText()).isEqualTo("text/plain");
        assertThat(m.path("updatedBy").asText()).isEqualTo("alice");
        assertThat(m.has("value")).isFalse();
        assertThat(ok(put("tests%3Aunit%2Fr%C3%A9sum%C3%A9", value("two!")))
                        .json()
                        .path("version")
                        .asText())
                .isEqualTo("2");
        JsonNode e = ok(api.get(s + "tests%3Aunit%2Fr%C3%A9sum%C3%A9")).json();
        assertThat(e.path("value").asText()).isEqualTo(b64("two!"));
        assertThat(e.path("contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(ok(api.get(s + "tests%3Aunit%2Fr%C3%A9sum%C3%A9/metadata"))
                        .json()
                        .path("size")
                        .asText())
                .isEqualTo("4");
        assertThat(ok(api.get(s + "tests%3Aunit%2Fr%C3%A9sum%C3%A9/exists"))
                        .json()
                        .path("exists")
                        .asBoolean())
                .isTrue();
        assertThat(ok(api.get(s + "absent/exists")).json().path("exists").asBoolean())
                .isFalse();
        assertThat(ok(api.delete(s + "tests%3Aunit%2Fr%C3%A9sum%C3%A9"))
                        .json()
                        .path("deleted")
                        .asBoolean())
                .isTrue();
        assertThat(ok(api.delete(s + "tests%3Aunit%2Fr%C3%A9sum%C3%A9"))
                        .json()
                        .path("deleted")
                        .asBoolean())
                .isFalse();
        assertError(api.get(s + "tests%3Aunit%2Fr%C3%A9sum%C3%A9"), 404, 5, null);
        assertError(api.get(s + "absent/metadata"), 404, 5, null);
    }

    @Test
    void compareAndSet_mismatchIs409AbortedWithTheCurrentVersion() {
        String cas = s + "k/compare-and-set";
        assertThat(ok(api.post(cas, value("a").put("expectedVersion", 0)))
                        .json()
                        .path("version")
                        .asText())
                .isEqualTo("1");
        JsonNode meta =
                assertError(api.post(cas, value("b").put("expectedVersion", "0")), 409, 10, "CACHE_VERSION_MISMATCH");
        assertThat(meta.path("currentVersion").asText()).isEqualTo("1");
        assertThat(meta.path("key").asText()).isEqualTo("k");
        assertThat(ok(api.post(cas, value("b").put("expectedVersion", "1")))
                        .json()
                        .path("version")
                        .asText())
                .isEqualTo("2");
    }

    @Test
    void badInput_isRefusedWithTheSpecStatus() {
        assertError(put("keys", value("v")), 400, 3, null);
        assertError(api.delete(s + "stats"), 400, 3, null);
        assertError(put("bad%C3%28key", value("v")), 400, 3, null); // not UTF-8 once decoded
        assertError(put("x".repeat(513), value("v")), 400, 3, null);
        assertError(put("k", value("v").put("valu", "typo")), 400, 3, null);
        assertError(put("k", value("v").put("ttlSeconds", -1)), 400, 3, null);
        String big = Base64.getEncoder().encodeToString(new byte[(1 << 20) + 1]);
        JsonNode meta = assertError(put("big", JSON.createObjectNode().put("value", big)), 429, 8, "PAYLOAD_TOO_LARGE");
        assertThat(meta.path("limit").asText()).isEqualTo("1048576");
        assertError(api.post(s + "delete-by-prefix", "{\"prefix\":\"\"}"), 400, 3, null);
        assertError(api.post(s + "batch-get", "{\"keys\":[]}"), 400, 3, null);
        ApiClient other = api.as(OTHER, "mallory");
        ok(put("mine", value("v")));
        assertError(other.get(s + "mine"), 404, 5, null);
        assertError(
                other.send(
                        "PUT",
                        s + "mine",
                        value("w").toString().getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        "application/json"),
                404,
                5,
                null);
        assertError(other.get(s + "stats"), 404, 5, null);
    }

    @Test
    void batches_keysListing_prefixDelete_andStats() {
        ObjectNode batch = JSON.createObjectNode();
        batch.putArray("entries")
                .add(value("a").put("key", "p/1"))
                .add(value("bb").put("key", "p/2"))
                .add(value("ccc").put("key", "q"));
        JsonNode set = ok(api.post(s + "batch-set", batch)).json();
        assertThat(set.path("entries").findValuesAsText("version")).containsExactly("1", "1", "1");
        ObjectNode conflicting = JSON.createObjectNode();
        conflicting
                .putArray("entries")
                .add(value("n").put("key", "new"))
                .add(value("x").put("key", "q").put("expectedVersion", "0"));
        assertError(api.post(s + "batch-set", conflicting), 409, 10, "CACHE_VERSION_MISMATCH");
        JsonNode got = ok(api.post(s + "batch-get", "{\"keys\":[\"q\",\"new\",\"p/1\"]}"))
                .json();
        assertThat(got.path("entries").findValuesAsText("key")).containsExactly("q", "p/1");
        assertThat(got.path("missingKeys").toString()).isEqualTo("[\"new\"]");
        JsonNode page = ok(api.get(s + "keys?pageSize=2&includeMetadata=true")).json();
        assertThat(page.path("keys").toString()).isEqualTo("[\"p/1\",\"p/2\"]");
        assertThat(page.path("entries").findValuesAsText("size")).containsExactly("1", "2");
        JsonNode rest = ok(api.get(s + "keys?pageSize=2&pageToken="
                        + ApiClient.enc(page.path("nextPageToken").asText())))
                .json();
        assertThat(rest.path("keys").toString()).isEqualTo("[\"q\"]");
        assertThat(rest.has("nextPageToken")).isFalse();
        assertThat(ok(api.get(s + "keys?prefix=p%2F")).json().path("keys").toString())
                .isEqualTo("[\"p/1\",\"p/2\"]");
        JsonNode stats = ok(api.get(s + "stats")).json();
        assertThat(stats.path("entryCount").asText()).isEqualTo("3");
        assertThat(stats.path("totalBytes").asText()).isEqualTo("6");
        assertThat(stats.path("maxValueBytes").asText()).isEqualTo("1048576");
        assertThat(stats.path("hitCount").asText()).isEqualTo("2");
        assertThat(stats.path("missCount").asText()).isEqualTo("1");
        assertThat(ok(api.post(s + "delete-by-prefix", "{\"prefix\":\"p/\"}"))
                        .json()
                        .path("deletedCount")
                        .asText())
                .isEqualTo("2");
        assertThat(ok(api.post(s + "batch-delete", "{\"keys\":[\"q\",\"p/1\"]}"))
                        .json()
                        .path("deletedCount")
                        .asText())
                .isEqualTo("1");
        assertThat(ok(api.get(s + "keys")).json().path("keys").isMissingNode()).isTrue();
    }

    @Test
    void ttl_expiredEntriesAreNotFound() {
        JsonNode m = ok(put("short", value("v").put("ttlSeconds", "1"))).json();
        assertThat(m.path("ttlSeconds").asText()).isEqualTo("1");
        assertThat(m.path("expiresAt").asText()).isNotEmpty();
        Await.until(
                Duration.ofSeconds(5),
                "expiry",
                () -> !ok(api.get(s + "short/exists")).json().path("exists").asBoolean());
        assertError(api.get(s + "short"), 404, 5, null);
        assertThat(ok(api.get(s + "keys")).json().path("keys").isMissingNode()).isTrue();
    }

    @Test
    void archivedSession_readsWork_writesAre409SessionNotActive() {
        ok(put("k", value("v")));
        String id = s.substring("/v1/sessions/".length(), s.length() - "/cache/".length());
        ok(api.post("/v1/sessions/" + id + ":archive", "{}"));
        Await.until(
                Duration.ofSeconds(30),
                "archived",
                () -> api.session(id).path("status").asText().equals("SESSION_STATUS_ARCHIVED"));
        assertThat(ok(api.get(s + "k")).json().path("value").asText()).isEqualTo(b64("v"));
        assertThat(ok(api.get(s + "keys")).json().path("keys").toString()).isEqualTo("[\"k\"]");
        assertError(put("k", value("w")), 409, 9, "SESSION_NOT_ACTIVE");
        assertError(api.post(s + "batch-delete", "{\"keys\":[\"k\"]}"), 409, 9, "SESSION_NOT_ACTIVE");
        assertThat(List.of(ok(api.get(s + "stats")).json().path("entryCount").asText()))
                .containsExactly("1");
    }
}
