package io.aetherfs.store.sql.postgres;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.longBytes;
import static io.aetherfs.testkit.TestValues.randomBytes;
import static io.aetherfs.testkit.TestValues.toLong;
import static io.aetherfs.testkit.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL-specific behaviour beyond the contract: migrations, isolation and retries (including two
 * stores with separate pools standing in for two server nodes), batching and health checks.
 */
class PostgresMetaStoreTest {
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private PostgresMetaStore open(PostgresSettings settings) {
        PostgresMetaStore store = PostgresMetaStore.open(settings);
        opened.add(store);
        return store;
    }

    private Connection sql(PostgresSettings settings) throws SQLException {
        Connection c = DriverManager.getConnection(settings.url());
        opened.add(c);
        return c;
    }

    @Test
    void open_freshDatabase_appliesTheSqliteMigrationOnce() throws SQLException {
        PostgresSettings settings = PgTestSettings.freshDatabase("migrate");
        open(settings).close();
        PostgresMetaStore store = open(settings);
        store.checkHealth();
        Connection c = sql(settings);
        assertThat(query(c, "SELECT version FROM flyway_schema_history WHERE success ORDER BY version"))
                .containsExactly("1", "2");
        assertThat(query(
                        c,
                        "SELECT column_name || ':' || data_type FROM information_schema.columns"
                                + " WHERE table_name = 'kv' ORDER BY ordinal_position"))
                .containsExactly("tenant:character varying", "k:bytea", "v:bytea");
        assertThat(query(
                        c,
                        "SELECT column_name || ':' || data_type FROM information_schema.columns"
                                + " WHERE table_name = 'jobs' AND data_type IN ('bigint', 'bytea')"
                                + " ORDER BY ordinal_position"))
                .containsExactly("payload:bytea", "created_at:bigint", "due_at:bigint");
        assertThat(store.features())
                .containsExactlyInAnyOrder(MetaStore.Feature.SHARED_BY_NODES, MetaStore.Feature.PERSISTENT);
    }

    @Test
    void open_withoutMigrateOnAnEmptyDatabase_throwsUnavailableNamingTheMigrateCommand() {
        PostgresSettings settings = PgTestSettings.freshDatabase("nomigrate").withMigrate(false);
        assertThatThrownBy(() -> open(settings))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("afs-server migrate");
        open(settings.withMigrate(true));
        open(settings).checkHealth();
    }

    @Test
    void twoNodes_racingCompareAndSet_exactlyOneWinnerPerVersion() throws Exception {
        PostgresSettings settings = PgTestSettings.freshDatabase("cas");
        PostgresMetaStore a = open(settings);
        PostgresMetaStore b = open(settings);
        put(a, "version", longBytes(0));
        int versions = 150;
        List<Long> wins = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        Runnable racer = () -> {
            MetaStore node = next.getAndIncrement() % 2 == 0 ? a : b;
            while (true) {
                long seen = node.read(tx -> toLong(tx.get(TENANT_A, "version").orElseThrow()));
                if (seen >= versions) {
                    return;
                }
                // The engine's optimistic check: compare with what was read earlier, write only if unchanged.
                boolean won = node.write(tx -> {
                    long now = toLong(tx.get(TENANT_A, "version").orElseThrow());
                    if (now != seen) {
                        return false;
                    }
                    tx.put(TENANT_A, "version", longBytes(now + 1));
                    tx.put(
                            TENANT_A,
                            "winner/" + (now + 1),
                            utf8(Thread.currentThread().getName()));
                    return true;
                });
                if (won) {
                    wins.add(seen + 1);
                }
            }
        };
        runThreads(racer, 6);
        assertThat(wins).hasSize(versions).doesNotHaveDuplicates();
        assertThat(number(a, "version")).isEqualTo(versions);
        List<KeyValue> winners = b.read(tx -> tx.scan(TENANT_A, KeyRange.prefix("winner/"), 1000));
        assertThat(winners).hasSize(versions);
    }

    @Test
    void twoNodes_concurrentIncrements_loseNoUpdate() throws Exception {
        PostgresSettings settings = PgTestSettings.freshDatabase("increments");
        PostgresMetaStore a = open(settings);
        PostgresMetaStore b = open(settings);
        AtomicInteger next = new AtomicInteger();
        runThreads(
                () -> {
                    MetaStore node = next.getAndIncrement() % 2 == 0 ? a : b;
                    for (int i = 0; i < 100; i++) {
                        node.write(tx -> {
                            long v = tx.get(TENANT_A, "counter")
                                    .map(bytes -> toLong(bytes))
                                    .orElse(0L);
                            tx.put(TENANT_A, "counter", longBytes(v + 1));
                            return null;
                        });
                    }
                },
                6);
        assertThat(number(a, "counter")).isEqualTo(600);
    }

    @Test
    void twoNodes_writeSkew_isPreventedBySerializableIsolation() throws Exception {
        // Each writer keeps "at least one of x, y is 1": it reads both and clears its own only if both are 1.
        // Under snapshot isolation alone both would clear; serializable makes one of them run again.
        PostgresSettings settings = PgTestSettings.freshDatabase("skew");
        PostgresMetaStore a = open(settings);
        PostgresMetaStore b = open(settings);
        a.write(tx -> {
            tx.put(TENANT_A, "x", longBytes(1));
            tx.put(TENANT_A, "y", longBytes(1));
            return null;
        });
        java.util.concurrent.CyclicBarrier bothRead = new java.util.concurrent.CyclicBarrier(2);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        runThreads(
                () -> {
                    boolean first = next.getAndIncrement() == 0;
                    MetaStore node = first ? a : b;
                    String mine = first ? "x" : "y";
                    node.write(tx -> {
                        long sum = toLong(tx.get(TENANT_A, "x").orElseThrow())
                                + toLong(tx.get(TENANT_A, "y").orElseThrow());
                        if (runs.incrementAndGet() <= 2) {
                            await(bothRead); // both first runs have read before either writes
                        }
                        if (sum == 2) {
                            tx.put(TENANT_A, mine, longBytes(0));
                        }
                        return null;
                    });
                },
                2);
        assertThat(number(a, "x") + number(b, "y")).isEqualTo(1);
        assertThat(runs.get()).isEqualTo(3);
    }

    @Test
    void write_conflictOnEveryAttempt_throwsAbortedAfterTheRetryBudget() throws SQLException {
        PostgresSettings settings = PgTestSettings.freshDatabase("aborted").withMaxWriteAttempts(3);
        PostgresMetaStore store = open(settings);
        put(store, "k", longBytes(0));
        Connection other = sql(settings);
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> store.write(tx -> {
                    runs.incrementAndGet();
                    long v = toLong(tx.get(TENANT_A, "k").orElseThrow());
                    bumpElsewhere(other, "k"); // another node commits after this snapshot was taken
                    tx.put(TENANT_A, "k", longBytes(v + 1));
                    tx.put(TENANT_A, "side", utf8("must not survive"));
                    return null;
                }))
                .isInstanceOfSatisfying(AfsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ABORTED);
                    assertThat(e.getMessage()).contains("3 times").doesNotContain("must not survive");
                });
        assertThat(runs).hasValue(3);
        assertThat(number(store, "k")).isEqualTo(300);
        assertThat(get(store, "side")).isEmpty();
    }

    @Test
    void write_conflictOnTheFirstAttemptOnly_runsTheBodyAgainOnFreshData() throws SQLException {
        PostgresSettings settings = PgTestSettings.freshDatabase("retried");
        PostgresMetaStore store = open(settings);
        put(store, "k", longBytes(0));
        Connection other = sql(settings);
        AtomicInteger runs = new AtomicInteger();
        String result = store.write(tx -> {
            long v = toLong(tx.get(TENANT_A, "k").orElseThrow());
            if (runs.incrementAndGet() == 1) {
                bumpElsewhere(other, "k");
            }
            tx.put(TENANT_A, "k", longBytes(v + 1));
            return "committed on run " + runs.get();
        });
        assertThat(result).isEqualTo("committed on run 2");
        assertThat(number(store, "k")).isEqualTo(101);
    }

    @Test
    void write_bodySwallowsAFailedStatement_transactionIsStillRunAgain() throws SQLException {
        PostgresSettings settings = PgTestSettings.freshDatabase("swallowed");
        PostgresMetaStore store = open(settings);
        put(store, "k", longBytes(0));
        Connection other = sql(settings);
        AtomicInteger runs = new AtomicInteger();
        List<Boolean> deletes = new ArrayList<>();
        store.write(tx -> {
            tx.get(TENANT_A, "k");
            if (runs.incrementAndGet() == 1) {
                bumpElsewhere(other, "k");
            }
            try {
                deletes.add(tx.delete(TENANT_A, "k")); // conflicts on the first run
            } catch (RuntimeException swallowed) {
                deletes.add(null);
            }
            return null;
        });
        assertThat(runs).hasValue(2);
        assertThat(deletes).containsExactly(null, true);
        assertThat(get(store, "k")).isEmpty();
    }

    @Test
    void write_manyPutsBeyondOneBatch_areAllVisibleInsideAndAfter() {
        PostgresMetaStore store = open(PgTestSettings.freshDatabase("batch"));
        int n = 40; // 40 MiB: the queued puts are sent in several batches
        store.write(tx -> {
            for (int i = 0; i < n; i++) {
                tx.put(TENANT_A, "big/" + i, randomBytes(i, 1 << 20));
                if (i == n / 2) {
                    assertThat(tx.get(TENANT_A, "big/3"))
                            .hasValueSatisfying(v -> assertThat(v).isEqualTo(randomBytes(3, 1 << 20)));
                }
            }
            for (int i = 0; i < 2000; i++) {
                tx.put(TENANT_A, "small/" + i, longBytes(i));
            }
            tx.put(TENANT_A, "small/7", longBytes(-7)); // the later put of the same key wins
            return null;
        });
        store.read(tx -> {
            for (int i = 0; i < n; i++) {
                assertThat(tx.get(TENANT_A, "big/" + i).orElseThrow()).isEqualTo(randomBytes(i, 1 << 20));
            }
            assertThat(tx.scan(TENANT_A, KeyRange.prefix("small/"), 5000)).hasSize(2000);
            assertThat(toLong(tx.get(TENANT_A, "small/7").orElseThrow())).isEqualTo(-7);
            return null;
        });
    }

    @Test
    void write_tableDropped_throwsUnavailableWithoutValues() throws SQLException {
        PostgresSettings settings = PgTestSettings.freshDatabase("dropped");
        PostgresMetaStore store = open(settings);
        try (Statement st = sql(settings).createStatement()) {
            st.execute("DROP TABLE kv");
        }
        assertThatThrownBy(() -> put(store, "secret-key", utf8("secret-value")))
                .isInstanceOfSatisfying(AfsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("42P01").doesNotContain("secret", "INSERT");
                    assertThat(e.getCause().getMessage()).doesNotContain("secret", "INSERT");
                });
    }

    @Test
    void checkHealth_schemaHistoryEmptied_throwsUnavailable() throws SQLException {
        PostgresSettings settings = PgTestSettings.freshDatabase("health");
        PostgresMetaStore store = open(settings);
        store.checkHealth();
        try (Statement st = sql(settings).createStatement()) {
            st.execute("DELETE FROM flyway_schema_history");
        }
        assertThatThrownBy(store::checkHealth)
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("version 2");
    }

    @Test
    void handles_misused_throwIllegalStateAndWriteNothing() {
        PostgresMetaStore store = open(PgTestSettings.freshDatabase("misuse"));
        assertThatThrownBy(() -> store.write(outer -> {
                    outer.put(TENANT_A, "outer", utf8("v"));
                    return store.write(inner -> null);
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.read((ReadTx tx) -> {
                    ((WriteTx) tx).put(TENANT_A, "k", utf8("v"));
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class);
        AtomicReference<WriteTx> leaked = new AtomicReference<>();
        store.write(tx -> {
            leaked.set(tx);
            return null;
        });
        assertThatThrownBy(() -> leaked.get().get(TENANT_A, "k")).isInstanceOf(IllegalStateException.class);
        assertThat(store.tenants()).isEmpty();
    }

    private static long number(MetaStore store, String key) {
        return store.read(tx -> toLong(tx.get(TENANT_A, key).orElseThrow()));
    }

    private static Optional<byte[]> get(MetaStore store, String key) {
        return store.read(tx -> tx.get(TENANT_A, key));
    }

    private static void put(MetaStore store, String key, byte[] value) {
        store.write(tx -> {
            tx.put(TENANT_A, key, value);
            return null;
        });
    }

    /** Adds 100 to the counter at {@code key} in its own committed transaction on another connection. */
    private static void bumpElsewhere(Connection c, String key) {
        try (PreparedStatement get = c.prepareStatement("SELECT v FROM kv WHERE tenant = ? AND k = ?");
                PreparedStatement set = c.prepareStatement("UPDATE kv SET v = ? WHERE tenant = ? AND k = ?")) {
            get.setString(1, TENANT_A.value());
            get.setBytes(2, utf8(key));
            long v;
            try (ResultSet rs = get.executeQuery()) {
                rs.next();
                v = toLong(rs.getBytes(1));
            }
            set.setBytes(1, longBytes(v + 100));
            set.setString(2, TENANT_A.value());
            set.setBytes(3, utf8(key));
            assertThat(set.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> query(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other writer never arrived", e);
        }
    }

    /** Runs {@code task} on {@code threads} threads at once and rethrows the first failure. */
    private static void runThreads(Runnable task, int threads) throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            for (var f : futures) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
