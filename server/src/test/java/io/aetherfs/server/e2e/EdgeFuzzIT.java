package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge fuzzer ({@link EdgeFuzzer}) against a real server on 127.0.0.1 (embedded stores, dev auth,
 * small body and file limits so the size checks are reached): a quick run in the everyday suite that
 * touches every route, raw route, RPC and broken-frame variant, and a long run in the slow suite. A
 * soak by hand: {@code -Dafs.fuzz.cases=100000 -Dafs.fuzz.seed=random} (or a number, to replay a run;
 * {@code -Dafs.fuzz.from=N} starts at case N, so {@code -Dafs.fuzz.cases=1 -Dafs.fuzz.from=N} replays one
 * case). Findings and their fixes are recorded in {@code docs/FUZZING.md}.
 */
class EdgeFuzzIT {
    static final int MAX_JSON = 64 * 1024;
    static final int MAX_FILE = 16 * 1024;
    private static final long DEFAULT_SEED = 20261207L;

    @TempDir
    static Path dir;

    private static InProcessServer server;
    private static List<EdgeFuzzTargets.Target> targets;

    @BeforeAll
    static void startServer() {
        server = InProcessServer.start(
                dir,
                Map.of(
                        "AFS_SERVER_LIMITS_MAX_JSON_BODY_BYTES", Integer.toString(MAX_JSON),
                        "AFS_SERVER_LIMITS_MAX_FILE_BYTES", Integer.toString(MAX_FILE)));
        targets = EdgeFuzzTargets.discover(server.port());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void quick_everyRouteRpcAndFrame_neverFaultsLeaksOrChangesStateWhenRefusing() {
        int cases = Math.max(Integer.getInteger("afs.fuzz.quickCases", 3 * targets.size()), targets.size());

        EdgeFuzzer.Report report = run(cases);

        assertThat(report.hits()).as("every target is driven").hasSize(targets.size());
    }

    @Test
    @Tag("slow")
    void soak_manyCases_neverFaultsLeaksOrChangesStateWhenRefusing() {
        run(Integer.getInteger("afs.fuzz.cases", 5_000));
    }

    private static EdgeFuzzer.Report run(int cases) {
        String s = System.getProperty("afs.fuzz.seed");
        long seed = s == null
                ? DEFAULT_SEED
                : s.equals("random") ? ThreadLocalRandom.current().nextLong() : Long.parseLong(s);
        int from = Integer.getInteger("afs.fuzz.from", 0);
        EdgeFuzzer.Report report;
        try (EdgeFuzzer fuzzer = new EdgeFuzzer(server, targets, seed)) {
            report = fuzzer.run(from, cases);
        }
        System.out.println(report.summary());
        assertThat(report.findings())
                .as("findings of seed %d (replay with -Dafs.fuzz.seed=%d):%n%s", seed, seed, report.summary())
                .isEmpty();
        return report;
    }
}
