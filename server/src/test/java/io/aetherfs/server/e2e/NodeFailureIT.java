package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test of scale-out mode: three nodes share a real PostgreSQL database and S3 bucket; a mixed
 * load ({@link WriteLoad}: new files, hot-file overwrites, batches, checkpoints and forks) runs through
 * all three into sessions that every node writes; node A is killed with SIGKILL while requests are in
 * flight, and the load goes on through B and C. B and C never answer anything but 200 and keep
 * acknowledging after the kill; afterwards every acknowledged write (an unanswered batch wholly or not
 * at all), checkpoint and fork is served identically by B and by C, and events stay gapless. Once the
 * survivors have stopped, {@code afs-server gc} (grace 0) sweeps what is unreachable and
 * {@code afs-server fsck} finds the shared stores clean.
 */
@Tag("slow")
class NodeFailureIT {
    private static final String TENANT = "f0a1b2c3-0000-4000-8000-00000000fa11";
    private static final int WRITERS = 9;
    private static final long BEFORE_KILL_MILLIS = 2000;
    private static final long AFTER_KILL_MILLIS = 3000;
    private static final int A = 0;

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
    void sigkillOfOneNode_underMixedLoad_survivorsServeEveryAcknowledgedWriteAndFsckIsClean() throws Exception {
        long t0 = System.nanoTime();
        cluster = ThreeNodeCluster.start(dir, "nodefail");
        List<ApiClient> nodes = List.of(client(0), client(1), client(2));
        ApiClient b = nodes.get(1);
        ApiClient c = nodes.get(2);
        List<String> sessions =
                List.of(nodes.get(0).newSession("fault-a"), b.newSession("fault-b"), c.newSession("fault-c"));
        acked.prepareEach(nodes, sessions); // each node prepares one session, warming it up before the load
        long t1 = System.nanoTime();

        WriteLoad load = new WriteLoad(nodes, sessions, acked, 1, WRITERS, 10);
        load.start();
        Thread.sleep(BEFORE_KILL_MILLIS); // the load phase itself, not a wait for something
        int inFlightOnA = load.inFlightOn(A);
        int beforeB = load.acknowledgedBy(1);
        int beforeC = load.acknowledgedBy(2);
        ServerProcess a = cluster.nodes.get(A);
        long pid = a.pid();
        assertThat(a.kill()).as("exit code of node A after SIGKILL").isEqualTo(137);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        Thread.sleep(AFTER_KILL_MILLIS); // the load goes on against the survivors for this long
        load.join();
        long t2 = System.nanoTime();

        assertThat(load.failures())
                .as("answers other than 200 (B and C must never give one)")
                .isEmpty();
        Map<Integer, String> cutOff = load.cutOff();
        assertThat(cutOff.keySet())
                .as("writers ended by a connection error: only node A's, all of them (%s)", cutOff)
                .allSatisfy(w -> assertThat(load.nodeOf(w)).isEqualTo(A))
                .hasSize(WRITERS / 3);
        assertThat(inFlightOnA).as("requests in flight at the kill").isPositive();
        assertThat(load.acknowledgedBy(A))
                .as("acknowledged by A before its death")
                .isPositive();
        assertThat(load.acknowledgedBy(1) - beforeB)
                .as("acknowledged by B after the kill")
                .isGreaterThanOrEqualTo(3);
        assertThat(load.acknowledgedBy(2) - beforeC)
                .as("acknowledged by C after the kill")
                .isGreaterThanOrEqualTo(3);

        // the survivors still take new work, including sessions last written through A
        for (ApiClient survivor : List.of(b, c)) {
            String s = survivor.newSession("after the kill");
            survivor.write(s, "new.txt", "written after A died");
            survivor.write(sessions.getFirst(), "after-kill.txt", "via a survivor");
            assertThat(new String(survivor.read(s, "new.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("written after A died");
        }

        acked.verify(b, sessions);
        acked.verify(c, sessions);
        long t3 = System.nanoTime();

        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> exits =
                    List.of(stoppers.submit(cluster.nodes.get(1)::stop), stoppers.submit(cluster.nodes.get(2)::stop));
            for (Future<Integer> exit : exits) {
                assertThat(exit.get())
                        .as("exit code of a survivor after SIGTERM")
                        .isEqualTo(143);
            }
        }
        ServerProcess.Result gc = cluster.gc(0); // no node runs: everything unreachable may go
        assertThat(gc.exitCode()).as(gc.output()).isZero();
        Matcher swept =
                Pattern.compile("swept: +(\\d+) nodes, (\\d+) inline extents").matcher(gc.output());
        assertThat(swept.find()).as(gc.output()).isTrue();
        assertThat(Long.parseLong(swept.group(1)) + Long.parseLong(swept.group(2)))
                .as("objects overwritten or folded away, swept by gc: %s", gc.output())
                .isPositive();
        ServerProcess.Result fsck = cluster.fsck();
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        assertThat(fsck.output()).contains("fsck:").containsPattern("(?m)^clean$");
        System.out.printf(
                "NodeFailureIT: %d requests acknowledged (A %d, B %d, C %d), %d in flight on A at the kill,"
                        + " %d checkpoints and forks; start %d ms, load %d ms, verify %d ms, stop + gc + fsck %d ms%n",
                load.acknowledged(),
                load.acknowledgedBy(0),
                load.acknowledgedBy(1),
                load.acknowledgedBy(2),
                inFlightOnA,
                acked.checkpointsAndForks(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000,
                (System.nanoTime() - t3) / 1_000_000);
    }

    private ApiClient client(int node) {
        return cluster.client(node, TENANT, "writer-" + node).withoutLog();
    }
}
