package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.testkit.TestValues;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A micro-measurement, run by hand (not a test): fully synced commits per second of one writer thread,
 * for single-put and 32-put transactions. Usage: {@code java -cp <test classpath> SqliteCommitRate [dir]}.
 */
final class SqliteCommitRate {
    private static final TenantId TENANT = TestValues.TENANT_A;
    private static final long MILLIS = 3000;

    private SqliteCommitRate() {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("afs-rate");
        try (SqliteMetaStore store = SqliteMetaStore.open(dir.resolve("afs.db"))) {
            int[] putsPerCommit = {1, 32, 1, 32};
            for (int round = 0; round < putsPerCommit.length; round++) {
                measure(store, round, putsPerCommit[round]);
            }
        }
    }

    /** Commits fresh keys for a while; rewriting identical rows would dirty no page and sync nothing. */
    private static void measure(SqliteMetaStore store, int round, int puts) {
        byte[] value = TestValues.randomBytes(puts, 200);
        long start = System.nanoTime();
        long deadline = start + MILLIS * 1_000_000;
        long commits = 0;
        while (System.nanoTime() < deadline) {
            long n = commits++;
            store.write(tx -> {
                for (int i = 0; i < puts; i++) {
                    tx.put(TENANT, "rate/%d/%010d/%02d".formatted(round, n, i), value);
                }
                return null;
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "%2d put(s) per commit: %7.0f commits/s, %8.0f puts/s (%d commits in %.1f s)%n",
                puts, commits / seconds, commits * puts / seconds, commits, seconds);
    }
}
