package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sessions.idle_archive_after_secs} on two scale-out nodes sharing PostgreSQL: both nodes' job
 * runners sweep (at start, then every minute, so their sweeps race), and every idle session is archived
 * exactly once, with trigger {@code idle} (one SESSION_STATUS_CHANGED to ARCHIVING however the sweeps meet).
 */
class IdleArchiveClusterIT {
    private static final String TENANT = "1d1e0000-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    @Test
    void twoNodes_archiveEachIdleSessionOnce() throws Exception {
        ScaleOutStores shared = ScaleOutStores.create("idlearchive");
        Map<String, String> env = new HashMap<>(shared.env());
        env.put("AFS_SERVER_SESSIONS_IDLE_ARCHIVE_AFTER_SECS", "20");
        ScaleOutStores stores = new ScaleOutStores(env, shared.credentials());
        try (InProcessServer a = InProcessServer.startScaleOut(dir.resolve("a"), stores);
                InProcessServer b = InProcessServer.startScaleOut(dir.resolve("b"), stores)) {
            ApiClient onA = a.client(TENANT, "agent");
            ApiClient onB = b.client(TENANT, "agent");
            List<String> idle = List.of(onA.newSession("i1"), onB.newSession("i2"), onA.newSession("i3"));

            Await.until(Duration.ofSeconds(150), "both nodes swept the idle sessions", () -> idle.stream()
                    .allMatch(s -> onB.session(s).path("status").asText().equals("SESSION_STATUS_ARCHIVED")));

            for (String s : idle) {
                List<JsonNode> toArchiving = onA.events(s).stream()
                        .filter(e -> e.path("type").asText().equals("EVENT_TYPE_SESSION_STATUS_CHANGED"))
                        .filter(e -> e.path("details").path("to").asText().equals("SESSION_STATUS_ARCHIVING"))
                        .toList();
                assertThat(toArchiving).as(s).singleElement().satisfies(e -> assertThat(
                                e.path("details").path("trigger").asText())
                        .isEqualTo("idle"));
            }
        }
    }
}
