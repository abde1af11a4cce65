package io.aetherfs.store.sql.sqlite;

import static io.aetherfs.store.sql.sqlite.CrashWriter.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.testkit.TestValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM that is committing to SQLite and checks every commit it acknowledged survived. */
class SqliteMetaStoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void write_processKilledMidStream_everyAcknowledgedCommitSurvives() throws Exception {
        Path db = dir.resolve("afs.db");
        Path stderr = dir.resolve("child.err");
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashWriter.class.getName(),
                        db.toString())
                .redirectError(stderr.toFile())
                .start();
        // A watchdog, so a child that hangs fails the test instead of blocking the read below forever.
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(child::destroyForcibly);
        int killAfter = 250;
        List<Long> acked = new ArrayList<>();
        try (InputStream in = child.getInputStream()) {
            readAcks(in, acked, killAfter);
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe
            // and lose numbers the child printed just before it died.
            child.toHandle().destroyForcibly();
            readAcks(in, acked, Integer.MAX_VALUE);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(acked)
                .as("acknowledged commits; child stderr: %s", Files.readString(stderr))
                .hasSizeGreaterThanOrEqualTo(killAfter);

        try (SqliteMetaStore store = SqliteMetaStore.open(db)) {
            long last =
                    store.read(tx -> TestValues.toLong(tx.get(TENANT, "last").orElseThrow()));
            assertThat(last).isGreaterThanOrEqualTo(acked.getLast());
            List<String> keys = store.read(tx -> tx.scan(TENANT, KeyRange.prefix("n/"), 1_000_000)).stream()
                    .map(kv -> kv.key())
                    .toList();
            // Atomic too: exactly the transactions up to "last" are there, none half.
            assertThat(keys).hasSize((int) last + 1);
            for (long n : acked) {
                assertThat(get(store, CrashWriter.key(n)))
                        .as("acknowledged commit %d", n)
                        .isPresent();
            }
            for (long n = 0; n <= last; n += CrashWriter.BIG_EVERY) {
                byte[] expected = TestValues.randomBytes(n, CrashWriter.BIG_SIZE);
                assertThat(get(store, CrashWriter.bigKey(n)))
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
            }
            store.checkHealth();
        }
    }

    private static Optional<byte[]> get(SqliteMetaStore store, String key) {
        return store.read(tx -> tx.get(TENANT, key));
    }

    /** Reads newline-terminated numbers until {@code count} are in {@code acked} or the stream ends. */
    private static void readAcks(InputStream in, List<Long> acked, int count) throws IOException {
        StringBuilder line = new StringBuilder();
        while (acked.size() < count) {
            int b = in.read();
            if (b < 0) {
                return; // a number without its newline may have been cut by the kill: not counted
            }
            if (b == '\n') {
                acked.add(Long.parseLong(line.toString()));
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }
}
