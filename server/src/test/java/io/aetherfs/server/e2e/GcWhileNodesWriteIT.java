package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection of the shared stores while every node writes (scale-out mode, real PostgreSQL and
 * S3): {@code afs-server gc} runs three times, as a separate process, during a mixed load through three
 * nodes ({@link WriteLoad}: new files, overwrites of hot files, some large enough for S3, batches,
 * checkpoints, forks), with a grace period far shorter than the load, so it sweeps what the load
 * overwrites while it runs. No write fails, every acknowledged write, checkpoint and fork is then served
 * by every node, and {@code afs-server fsck} finds nothing missing.
 */
@Tag("slow")
class GcWhileNodesWriteIT {
    private static final String TENANT = "6c0a1b2c-0000-4000-8000-0000000006c0";
    private static final int WRITERS = 9;
    private static final int GC_RUNS = 3;
    /** Longer than any write takes from storing its content to committing it, much shorter than the load. */
    private static final long GRACE_SECS = 4;

    private static final Pattern SWEPT =
            Pattern.compile("swept: +(\\d+) nodes, (\\d+) inline extents, (\\d+) canonical memos, (\\d+) blobs");

    @TempDir
    Path dir;

    private ThreeNodeCluster cluster;
    private final Acknowledged acked = new Acknowledged();

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void gcDuringAMixedLoadThroughThreeNodes_losesNoAcknowledgedWrite() throws Exception {
        cluster = ThreeNodeCluster.start(dir, "gcload");
        List<ApiClient> nodes = List.of(client(0), client(1), client(2));
        List<String> sessions = List.of(
                nodes.get(0).newSession("gc-a"),
                nodes.get(1).newSession("gc-b"),
                nodes.get(2).newSession("gc-c"));
        acked.prepareEach(nodes, sessions); // each node prepares one session, warming it up before the load

        WriteLoad load = new WriteLoad(nodes, sessions, acked, 2, WRITERS, 10);
        load.start();
        long[] swept = new long[4];
        List<String> reports = new ArrayList<>();
        int acknowledgedBeforeGc = -1;
        for (int run = 0; run < GC_RUNS; run++) {
            Thread.sleep(GRACE_SECS * 1000 + 1000); // the first run already finds overwrites past the grace
            if (run == 0) {
                acknowledgedBeforeGc = load.acknowledged();
            }
            ServerProcess.Result gc = cluster.gc(GRACE_SECS);
            assertThat(gc.exitCode()).as(gc.output()).isZero();
            Matcher m = SWEPT.matcher(gc.output());
            assertThat(m.find()).as(gc.output()).isTrue();
            for (int i = 0; i < swept.length; i++) {
                swept[i] += Long.parseLong(m.group(i + 1));
            }
            reports.add(gc.output());
        }
        int acknowledgedDuringGc = load.acknowledged() - acknowledgedBeforeGc;
        load.join();

        assertThat(load.failures()).as("answers other than 200").isEmpty();
        assertThat(load.cutOff()).as("writers ended by a connection error").isEmpty();
        assertThat(acknowledgedDuringGc).as("writes acknowledged while gc ran").isGreaterThan(50);
        assertThat(swept[0] + swept[1] + swept[3])
                .as("nodes, inline extents and blobs swept while the nodes wrote: %s", reports)
                .isPositive();
        for (ApiClient node : nodes) {
            acked.verify(node, sessions);
        }
        ServerProcess.Result fsck = cluster.fsck();
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        assertThat(fsck.output()).containsPattern("(?m)^clean$");
        System.out.printf(
                "GcWhileNodesWriteIT: %d requests acknowledged (%d while gc ran), %d checkpoints and forks;"
                        + " gc swept %d nodes, %d inline extents, %d memos, %d blobs in %d runs%n",
                load.acknowledged(),
                acknowledgedDuringGc,
                acked.checkpointsAndForks(),
                swept[0],
                swept[1],
                swept[2],
                swept[3],
                GC_RUNS);
    }

    private ApiClient client(int node) {
        return cluster.client(node, TENANT, "writer-" + node).withoutLog();
    }
}
