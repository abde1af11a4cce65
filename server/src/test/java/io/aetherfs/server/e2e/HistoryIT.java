package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.server.e2e.history.HistoryConfig;
import io.aetherfs.server.e2e.history.HistoryRun;
import io.aetherfs.server.e2e.history.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-checked concurrency test on the embedded default (SQLite and local blobs): 32 clients send
 * 10,000 random operations of every mutating kind to a few shared sessions and their forks, then race
 * conditional writes on one file; the recorded history must be explained by the sequential model
 * (docs/TESTING.md). A long soak by hand: {@code -Dafs.history.ops=100000 -Dafs.history.seed=…}.
 */
@Tag("slow")
class HistoryIT {
    @TempDir
    Path dir;

    @Test
    void randomOperationsOfThirtyTwoClients_areExplainedByTheSequentialModel() throws Exception {
        HistoryConfig cfg = HistoryConfig.fromSystemProperties(10_000, 32, 50);
        try (InProcessServer server = InProcessServer.start(dir, Map.of())) {
            Target target = new Target(List.of(server.port()), Credentials.DEV::authorization);
            HistoryRun.Result r = HistoryRun.run(target, cfg, HistoryRuns.dumpDir(), Duration.ofMinutes(2));
            HistoryRuns.print("embedded", r);
            assertThat(r.ok()).as(r::describe).isTrue();
        }
    }
}
