package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of the issue: the packaged server runs as its own process; eight writer threads of
 * this JVM (the clients, {@link WriteLoad}) send raw PUTs, batches, checkpoints and forks with distinct
 * contents and note every acknowledgement ({@link Acknowledged}); the server is killed with SIGKILL while writes are in flight and restarted on
 * the same data directory. Every acknowledged write must read back byte-exact, every file must hold
 * content that was written to it (never a torn mix), an unanswered batch must have happened wholly or
 * not at all, and {@code fsck} must be clean, both on the crashed directory and after a graceful stop.
 * The kill/restart cycle runs twice.
 */
@Tag("slow")
class CrashIT {
    private static final String TENANT = "9d3b2c1a-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
    private static final int WRITERS = 8;
    private static final long LOAD_MILLIS = 2500;

    @TempDir
    Path dir;

    private final List<ServerProcess> started = new ArrayList<>();
    private final Acknowledged acked = new Acknowledged();

    @AfterEach
    void killServers() {
        started.forEach(ServerProcess::close);
    }

    @Test
    void sigkillDuringWrites_twice_everyAcknowledgedWriteSurvivesAndFsckIsClean() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        ServerProcess server = start(data, log);
        ApiClient api = client(server);
        List<String> sessions = List.of(api.newSession("crash-a"), api.newSession("crash-b"));
        acked.prepare(api, sessions.getFirst());

        for (int cycle = 1; cycle <= 2; cycle++) {
            WriteLoad load = new WriteLoad(List.of(api), sessions, acked, cycle, WRITERS, 25);
            load.start();
            Thread.sleep(LOAD_MILLIS); // the load phase before the crash, not a wait for something
            int inFlight = load.inFlight();
            long pid = server.pid();
            int exit = server.kill();
            load.join();

            assertThat(exit).as("exit code after SIGKILL").isEqualTo(137);
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(load.failures())
                    .as("answers other than 200 before the kill")
                    .isEmpty();
            assertThat(inFlight).as("requests in flight at the kill").isPositive();
            assertThat(load.acknowledged())
                    .as("writes acknowledged in cycle %d", cycle)
                    .isGreaterThanOrEqualTo(20);

            long t0 = System.nanoTime();
            ServerProcess.Result crashedFsck = fsck(data, log);
            assertThat(crashedFsck.exitCode()).as(crashedFsck.output()).isZero();
            long t1 = System.nanoTime();
            server = start(data, log);
            api = client(server);
            long t2 = System.nanoTime();
            acked.verify(api, sessions);
            System.out.printf(
                    "CrashIT cycle %d: %d requests acknowledged, %d in flight at the kill;"
                            + " fsck %d ms, restart %d ms, verify %d ms%n",
                    cycle,
                    load.acknowledged(),
                    inFlight,
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
        }

        assertThat(server.stop()).as("exit code after SIGTERM").isEqualTo(143);
        ServerProcess.Result fsck = fsck(data, log);
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        assertThat(fsck.output()).contains("fsck:").containsPattern("(?m)^clean$");
    }

    private ServerProcess start(Path data, Path log) throws Exception {
        ServerProcess s = ServerProcess.start(data, log);
        started.add(s);
        return s;
    }

    private ApiClient client(ServerProcess server) {
        return ApiClient.of(server.port(), TENANT, "writer").withoutLog();
    }

    private ServerProcess.Result fsck(Path data, Path log) throws Exception {
        return ServerProcess.run(dir, log, "fsck", "--data-dir", data.toString());
    }
}
