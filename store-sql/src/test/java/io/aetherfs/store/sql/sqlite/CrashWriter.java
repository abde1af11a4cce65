package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.testkit.TestValues;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link SqliteMetaStoreCrashTest}: commits numbered transactions until it is
 * killed, printing each number only after its commit returned.
 */
final class CrashWriter {
    static final TenantId TENANT = TestValues.TENANT_A;
    static final int BIG_EVERY = 10;
    static final int BIG_SIZE = 64 * 1024;

    private CrashWriter() {}

    public static void main(String[] args) {
        SqliteMetaStore store = SqliteMetaStore.open(Path.of(args[0]));
        PrintStream out = System.out;
        for (long i = 0; ; i++) {
            long n = i;
            store.write(tx -> {
                tx.put(TENANT, key(n), TestValues.longBytes(n));
                if (n % BIG_EVERY == 0) {
                    tx.put(TENANT, bigKey(n), TestValues.randomBytes(n, BIG_SIZE));
                }
                tx.put(TENANT, "last", TestValues.longBytes(n));
                return null;
            });
            out.print(n + "\n");
            out.flush();
        }
    }

    /** Returns the key of transaction {@code n}. */
    static String key(long n) {
        return "n/%08d".formatted(n);
    }

    /** Returns the key of the large value transaction {@code n} also writes. */
    static String bigKey(long n) {
        return "big/%08d".formatted(n);
    }
}
