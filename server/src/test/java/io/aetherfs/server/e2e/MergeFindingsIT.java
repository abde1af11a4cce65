package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions for two defects the model-checked history test found (docs/TESTING.md): a merge that
 * takes a directory whose content equals the ancestor's as changed, and a rename onto a file that
 * shares the source's inode number without being a link of it.
 */
class MergeFindingsIT {
    private static final String TENANT = "c1c2c3c4-0000-4000-8000-0000000f1d05";

    @TempDir
    static Path dir;

    private static InProcessServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = InProcessServer.start(dir, Map.of());
        api = server.client(TENANT, "alice");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void merge_childThatChangedADirectoryAndChangedItBack_keepsTheParentsDeletionWithoutAConflict() {
        for (String strategy : List.of("FAIL_ON_CONFLICT", "OURS", "THEIRS")) {
            String parent = api.newSession("parent");
            api.write(parent, "d1/f.txt", "f\n");
            api.write(parent, "d1/x/keep.txt", "keep\n");
            String child = fork(parent);
            api.write(child, "d1/x/tmp.txt", "tmp\n");
            ok(api.delete("/v1/sessions/" + child + "/files?path=d1/x/tmp.txt"));
            assertThat(api.fingerprint(child))
                    .isEqualTo(api.session(child).path("baseFingerprint").asText());
            ok(api.delete("/v1/sessions/" + parent + "/dirs?path=d1&recursive=true"));

            JsonNode merged = ok(api.post(
                            "/v1/sessions/" + parent + ":merge",
                            "{\"childSessionId\":\"" + child + "\",\"strategy\":\"MERGE_STRATEGY_" + strategy + "\"}"))
                    .json();

            assertThat(merged.path("result").asText()).as(strategy).isEqualTo("MERGE_RESULT_UP_TO_DATE");
            assertThat(api.manifest(parent)).as(strategy).isEmpty();
        }
    }

    @Test
    void rename_ontoAFileWithTheSameInodeNumberThatIsNoLink_replacesIt() {
        String parent = api.newSession("parent");
        api.write(parent, "d2/g.txt", "orig\n");
        String child = fork(parent);
        ok(api.post("/v1/sessions/" + child + "/rename", "{\"fromPath\":\"d2/g.txt\",\"toPath\":\"b.txt\"}"));
        api.write(parent, "d2/g.txt", "modified\n");
        ok(api.post(
                "/v1/sessions/" + parent + ":merge",
                "{\"childSessionId\":\"" + child + "\",\"strategy\":\"MERGE_STRATEGY_OURS\"}"));

        ok(api.post(
                "/v1/sessions/" + parent + "/rename",
                "{\"fromPath\":\"b.txt\",\"toPath\":\"d2/g.txt\",\"overwrite\":true}"));

        List<String> paths =
                api.manifest(parent).stream().map(e -> e.path("path").asText()).toList();
        assertThat(paths).containsExactly("d2", "d2/g.txt");
        assertThat(new String(api.read(parent, "d2/g.txt"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("orig\n");
    }

    private static String fork(String parent) {
        return ok(api.post("/v1/sessions/" + parent + "/fork", "{}"))
                .json()
                .path("id")
                .asText();
    }
}
