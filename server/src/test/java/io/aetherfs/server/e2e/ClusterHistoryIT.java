package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.server.e2e.history.HistoryConfig;
import io.aetherfs.server.e2e.history.HistoryRun;
import io.aetherfs.server.e2e.history.Target;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-checked concurrency test on three scale-out nodes (separate processes) over one real
 * PostgreSQL database and one real S3 bucket: 32 clients spread over the nodes send 10,000 random
 * operations, then race conditional writes on one file across the nodes for many rounds; the history
 * must be explained by the sequential model, and no round of the race may have two winners
 * (docs/TESTING.md).
 */
@Tag("slow")
class ClusterHistoryIT {
    @TempDir
    Path dir;

    @Test
    void randomOperationsThroughThreeNodes_areExplainedByTheSequentialModel() throws Exception {
        HistoryConfig cfg = HistoryConfig.fromSystemProperties(10_000, 32, 100);
        try (ThreeNodeCluster cluster = ThreeNodeCluster.start(dir, "history")) {
            Target target = new Target(
                    cluster.nodes.stream().map(ServerProcess::port).toList(),
                    cluster.stores.credentials()::authorization);
            HistoryRun.Result r = HistoryRun.run(target, cfg, HistoryRuns.dumpDir(), Duration.ofMinutes(2));
            HistoryRuns.print("three nodes", r);
            assertThat(r.ok()).as(r::describe).isTrue();
            assertThat(r.report().get("most winners of one conditional-write round"))
                    .isLessThanOrEqualTo(1);
        }
    }
}
