package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core scenario over a real socket and the HTTP/JSON API, against a real server on the
 * embedded stores: blank session, 1,000 files, fork, divergent edits, checkpoint, restore, commit, a
 * clean merge, a conflicting merge, its resolution by per-path choice, and a tar.gz export compared
 * byte for byte. The gRPC twin is {@code grpc/ScenarioGrpcIT}.
 */
class HttpScenarioIT {
    private static final String TENANT = "5c7e1d2a-7b3f-4c1e-9a2d-0e6f8b4c2a11";
    private static final String CONFLICTED = "src/pkg3/file3.txt";

    @TempDir
    Path dir;

    private InProcessServer server;
    private ApiClient api;
    /** What the parent session must hold at the end: path → content. */
    private final Map<String, byte[]> expected = new TreeMap<>();

    @BeforeEach
    void start() {
        server = startServer(dir);
        api = server.client(TENANT, "alice");
    }

    /** Starts the server the scenario runs against: the embedded default here. */
    InProcessServer startServer(Path dir) {
        return InProcessServer.start(dir, Map.of());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void blankSession_thousandFilesForkRestoreCommitMergeConflictResolve_exportMatchesByteForByte() throws Exception {
        String main = api.newSession("scenario");
        assertThat(api.session(main).path("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");
        writeThousandFiles(main);
        assertThat(api.manifest(main).stream()
                        .filter(e -> e.path("type").asText().equals("ENTRY_TYPE_FILE"))
                        .map(e -> e.path("path").asText()))
                .containsExactlyInAnyOrderElementsOf(expected.keySet());

        // fork: the child starts from the parent's tree
        JsonNode child = ok(api.post("/v1/sessions/" + main + "/fork", "{\"displayName\":\"child\"}"))
                .json();
        String fork = child.path("id").asText();
        assertThat(child.path("parentSessionId").asText()).isEqualTo(main);
        assertThat(child.path("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");
        assertThat(child.path("fingerprint").asText()).isEqualTo(api.fingerprint(main));
        assertThat(child.path("baseFingerprint").asText())
                .isEqualTo(child.path("forkFingerprint").asText())
                .isEqualTo(api.fingerprint(main));

        // divergent, non-overlapping edits on both sides
        api.write(main, "src/pkg1/file1.txt", text(1, "(main)"));
        api.write(fork, "src/pkg2/file2.txt", text(2, "(fork)"));
        api.write(fork, "NEW.md", "from the fork\n");

        // checkpoint the child, break it, restore it
        JsonNode checkpoint = ok(api.post("/v1/sessions/" + fork + "/checkpoints", "{\"name\":\"good\"}"))
                .json();
        String checkpointFingerprint = checkpoint.path("fingerprint").asText();
        assertThat(checkpointFingerprint).isEqualTo(api.fingerprint(fork));
        ok(api.delete("/v1/sessions/" + fork + "/dirs?path=src&recursive=true"));
        ok(api.delete("/v1/sessions/" + fork + "/files?path=NEW.md"));
        assertThat(api.get("/v1/sessions/" + fork + "/files?path=src/pkg2/file2.txt")
                        .status())
                .isEqualTo(404);
        assertThat(api.fingerprint(fork)).isNotEqualTo(checkpointFingerprint);
        JsonNode restored = ok(api.post(
                        "/v1/sessions/" + fork + "/restore",
                        JSON.createObjectNode()
                                .put(
                                        "checkpointId",
                                        checkpoint.path("checkpointId").asText())))
                .json();
        assertThat(restored.path("fingerprint").asText()).isEqualTo(checkpointFingerprint);
        assertThat(api.fingerprint(fork)).isEqualTo(checkpointFingerprint);
        assertThat(api.read(fork, "src/pkg2/file2.txt")).isEqualTo(text(2, "(fork)"));

        // commit the child's work
        JsonNode commit = ok(api.post("/v1/sessions/" + fork + "/commit", "{\"message\":\"fork work\"}"))
                .json();
        assertThat(commit.path("commitId").asText()).startsWith("cmt_");
        assertThat(commit.path("stats").path("added").asLong()).isEqualTo(1);
        assertThat(commit.path("stats").path("modified").asLong()).isEqualTo(1);
        assertThat(api.session(fork).path("lastCommitId").asText())
                .isEqualTo(commit.path("commitId").asText());

        // a merge that succeeds: both sides' edits are in the parent, the child is untouched
        String forkBefore = api.fingerprint(fork);
        JsonNode merged = merge(main, fork, null);
        assertThat(merged.path("result").asText()).as(merged.toString()).isEqualTo("MERGE_RESULT_MERGED");
        assertThat(merged.path("conflicts")).isEmpty();
        assertThat(merged.path("fingerprint").asText()).isEqualTo(api.fingerprint(main));
        expected.put("src/pkg1/file1.txt", text(1, "(main)"));
        expected.put("src/pkg2/file2.txt", text(2, "(fork)"));
        expected.put("NEW.md", "from the fork\n".getBytes(StandardCharsets.UTF_8));
        assertThat(api.read(main, "src/pkg1/file1.txt")).isEqualTo(text(1, "(main)"));
        assertThat(api.read(main, "src/pkg2/file2.txt")).isEqualTo(text(2, "(fork)"));
        assertThat(api.read(main, "NEW.md")).isEqualTo(expected.get("NEW.md"));
        assertThat(api.fingerprint(fork)).isEqualTo(forkBefore);

        // a merge that conflicts: the same line edited differently on both sides
        api.write(main, CONFLICTED, text(3, "(main's edit)"));
        api.write(fork, CONFLICTED, text(3, "(fork's edit)"));
        String mainBefore = api.fingerprint(main);
        JsonNode conflict = merge(main, fork, null);
        assertThat(conflict.path("result").asText()).as(conflict.toString()).isEqualTo("MERGE_RESULT_CONFLICT");
        assertThat(conflict.path("conflicts")).hasSize(1);
        assertThat(conflict.path("conflicts").get(0).path("path").asText()).isEqualTo(CONFLICTED);
        assertThat(conflict.path("conflicts").get(0).path("kind").asText()).isEqualTo("MERGE_CONFLICT_KIND_CONTENT");
        JsonNode conflicted = api.session(main);
        assertThat(conflicted.path("fingerprint").asText()).isEqualTo(mainBefore);
        assertThat(conflicted.path("status").asText()).isEqualTo("SESSION_STATUS_CONFLICT");
        assertThat(conflicted.path("conflict").path("sourceSessionId").asText()).isEqualTo(fork);
        assertThat(conflicted.path("conflict").path("paths"))
                .extracting(JsonNode::asText)
                .containsExactly(CONFLICTED);
        assertThat(api.read(main, CONFLICTED)).isEqualTo(text(3, "(main's edit)"));

        // resolution by per-path choice
        JsonNode resolved = merge(main, fork, JSON.createObjectNode().put(CONFLICTED, "THEIRS"));
        assertThat(resolved.path("result").asText()).as(resolved.toString()).isEqualTo("MERGE_RESULT_MERGED");
        expected.put(CONFLICTED, text(3, "(fork's edit)"));
        JsonNode after = api.session(main);
        assertThat(after.path("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");
        assertThat(after.has("conflict")).as(after.toString()).isFalse();
        assertThat(api.read(main, CONFLICTED)).isEqualTo(text(3, "(fork's edit)"));

        assertExportMatches(main);
        assertParentEventLog(main);
    }

    /** Writes 995 files in two batches and 5 more with raw PUTs, a few of them binary and over 16 KiB. */
    private void writeThousandFiles(String session) {
        Random random = new Random(42);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 995; i++) {
            String path = "src/pkg" + (i % 10) + "/file" + i + ".txt";
            byte[] content = i % 97 == 0 ? binary(random, 20_000 + i) : text(i, "");
            expected.put(path, content);
            paths.add(path);
        }
        for (List<String> part : List.of(paths.subList(0, 500), paths.subList(500, 995))) {
            ArrayNode ops = JSON.createArrayNode();
            for (String p : part) {
                ops.addObject()
                        .putObject("write")
                        .put("path", p)
                        .put("content", Base64.getEncoder().encodeToString(expected.get(p)))
                        .put("createParents", true);
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("operations", ops);
            JsonNode reply =
                    ok(api.post("/v1/sessions/" + session + "/batch", body)).json();
            assertThat(reply.path("results")).hasSize(part.size());
            assertThat(reply.path("fingerprint").asText()).hasSize(40);
        }
        Map<String, byte[]> raw = new TreeMap<>();
        raw.put("README.md", "hello\n".getBytes(StandardCharsets.UTF_8));
        raw.put("docs/naïve file (1).txt", "ünïcödé name\n".getBytes(StandardCharsets.UTF_8));
        raw.put("docs/big.bin", binary(random, 300_000));
        raw.put("empty", new byte[0]);
        raw.put("deep/a/b/c/d/e/f.txt", "deep\n".getBytes(StandardCharsets.UTF_8));
        raw.forEach((path, content) -> {
            JsonNode entry = api.write(session, path, content);
            assertThat(entry.path("path").asText()).isEqualTo(path);
            assertThat(entry.path("size").asLong()).isEqualTo(content.length);
        });
        expected.putAll(raw);
        assertThat(expected).hasSize(1000);
    }

    private JsonNode merge(String parent, String child, ObjectNode resolutions) {
        ObjectNode body = JSON.createObjectNode().put("childSessionId", child);
        if (resolutions != null) {
            body.set("resolutions", resolutions);
        }
        return ok(api.post("/v1/sessions/" + parent + ":merge", body)).json();
    }

    private void assertExportMatches(String session) throws Exception {
        ApiClient.Reply export = ok(api.get("/v1/sessions/" + session + ":export?format=tar.gz"));
        assertThat(export.bytes()).startsWith((byte) 0x1f, (byte) 0x8b);
        Map<String, byte[]> exported = TarEntries.files(export.bytes());
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, byte[]> e : exported.entrySet()) {
            byte[] served = api.read(session, e.getKey());
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(served).isEqualTo(expected.get(e.getKey()));
        }
    }

    /** The parent's log: created, the file writes, then each step of the scenario that touched it. */
    private void assertParentEventLog(String session) {
        List<JsonNode> events = api.events(session);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence").asLong()).isEqualTo(i + 1);
            assertThat(events.get(i).path("sessionId").asText()).isEqualTo(session);
        }
        List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
        assertThat(types.getFirst()).isEqualTo("EVENT_TYPE_SESSION_CREATED");
        int forked = types.indexOf("EVENT_TYPE_FORK_CREATED");
        assertThat(forked).isPositive();
        List<String> filePhase = types.subList(1, forked);
        // one FILE_WRITTEN per written file, batch or raw PUT; implied parents record nothing of their own
        assertThat(new TreeSet<>(filePhase)).containsExactly("EVENT_TYPE_FILE_WRITTEN");
        assertThat(filePhase).hasSize(1000);
        assertThat(types.subList(forked, types.size()))
                .containsExactly(
                        "EVENT_TYPE_FORK_CREATED",
                        "EVENT_TYPE_FILE_WRITTEN", // main's own edit
                        "EVENT_TYPE_MERGE_COMPLETED",
                        "EVENT_TYPE_FILE_WRITTEN", // main's side of the conflict
                        "EVENT_TYPE_SESSION_STATUS_CHANGED", // ACTIVE → CONFLICT
                        "EVENT_TYPE_MERGE_CONFLICTED",
                        "EVENT_TYPE_SESSION_STATUS_CHANGED", // CONFLICT → ACTIVE
                        "EVENT_TYPE_MERGE_COMPLETED");
        JsonNode toConflict = events.get(forked + 4).path("details");
        assertThat(toConflict.path("to").asText()).isEqualTo("SESSION_STATUS_CONFLICT");
        JsonNode toActive = events.get(forked + 6).path("details");
        assertThat(toActive.path("to").asText()).isEqualTo("SESSION_STATUS_ACTIVE");
    }

    /** A three-line text file whose second line carries {@code i} and {@code mark}. */
    private static byte[] text(int i, String mark) {
        String line2 = "line two " + i + (mark.isEmpty() ? "" : " " + mark);
        return ("line one\n" + line2 + "\nline three\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] binary(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
