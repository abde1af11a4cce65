package io.aetherfs.store.sql.sqlite;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite-specific behaviour beyond the contract: file setup, PRAGMAs, lock errors and health checks. */
class SqliteMetaStoreTest {
    @TempDir
    Path dir;

    @Test
    void open_missingParentDirectories_createsWalDatabaseWithSchema() throws SQLException {
        Path db = dir.resolve("a").resolve("b").resolve("afs.db");
        try (SqliteMetaStore store = SqliteMetaStore.open(db)) {
            store.checkHealth();
        }
        assertThat(db).isRegularFile();
        assertThat(query(db, "PRAGMA journal_mode")).containsExactly("wal");
        assertThat(query(db, "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY version"))
                .containsExactly("1", "2");
        assertThat(query(
                        db,
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('kv', 'jobs')"
                                + " ORDER BY name"))
                .containsExactly("jobs", "kv");
    }

    @Test
    void open_existingDatabase_keepsDataAndAppliesNoMigrationTwice() throws SQLException {
        Path db = dir.resolve("afs.db");
        try (SqliteMetaStore store = SqliteMetaStore.open(db)) {
            store.write(tx -> {
                tx.put(TENANT_A, "k", utf8("v"));
                return null;
            });
        }
        try (SqliteMetaStore store = SqliteMetaStore.open(db)) {
            boolean present = store.read(tx -> tx.get(TENANT_A, "k").isPresent());
            assertThat(present).isTrue();
        }
        assertThat(query(db, "SELECT COUNT(*) FROM flyway_schema_history")).containsExactly("2");
    }

    @Test
    void connection_writerAndReader_haveDurablePragmas() throws SQLException {
        Path db = dir.resolve("afs.db");
        SqliteMetaStore.open(db).close();
        String url = "jdbc:sqlite:" + db;
        try (SqliteConnection writer = SqliteConnection.open(url, false, 1234);
                SqliteConnection reader = SqliteConnection.open(url, true, 1234)) {
            assertThat(writer.queryString("PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(writer.queryString("PRAGMA synchronous")).isEqualTo("2"); // FULL
            assertThat(writer.queryString("PRAGMA foreign_keys")).isEqualTo("1");
            assertThat(writer.queryString("PRAGMA busy_timeout")).isEqualTo("1234");
            assertThat(writer.queryString("PRAGMA query_only")).isEqualTo("0");
            assertThat(reader.queryString("PRAGMA query_only")).isEqualTo("1");
        }
    }

    @Test
    void write_whileAnotherConnectionHoldsTheLock_throwsUnavailableWithoutSqlOrValues() throws SQLException {
        Path db = dir.resolve("afs.db");
        try (SqliteMetaStore store = SqliteMetaStore.open(db, Duration.ofMillis(200));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> store.write(tx -> {
                        tx.put(TENANT_A, "secret-key", utf8("secret-value"));
                        return null;
                    }))
                    .isInstanceOfSatisfying(AfsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("locked").doesNotContain("secret", "INSERT", "BEGIN", "kv");
                    });
            st.execute("ROLLBACK");
            store.write(tx -> {
                tx.put(TENANT_A, "k", utf8("v"));
                return null;
            });
            boolean present = store.read(tx -> tx.get(TENANT_A, "k").isPresent());
            assertThat(present).isTrue();
        }
    }

    @Test
    void checkHealth_schemaHistoryEmptied_throwsUnavailable() throws SQLException {
        Path db = dir.resolve("afs.db");
        try (SqliteMetaStore store = SqliteMetaStore.open(db)) {
            store.checkHealth();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement st = c.createStatement()) {
                st.execute("DELETE FROM flyway_schema_history");
            }
            assertUnavailable(store::checkHealth);
        }
    }

    @Test
    void checkHealth_databaseFileDeleted_throwsUnavailable() throws Exception {
        Path db = dir.resolve("afs.db");
        try (SqliteMetaStore store = SqliteMetaStore.open(db)) {
            Files.delete(db);
            assertUnavailable(store::checkHealth);
        }
    }

    @Test
    void open_parentIsARegularFile_throwsUnavailable() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertUnavailable(() -> SqliteMetaStore.open(notADir.resolve("afs.db")));
    }

    @Test
    void write_handleUsedAfterItsBody_throwsIllegalState() {
        try (SqliteMetaStore store = SqliteMetaStore.open(dir.resolve("afs.db"))) {
            AtomicReference<WriteTx> leaked = new AtomicReference<>();
            store.write(tx -> {
                leaked.set(tx);
                return null;
            });
            assertThatThrownBy(() -> leaked.get().get(TENANT_A, "k")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void write_nestedInsideAnotherWrite_throwsIllegalStateAndRollsBackTheOuter() {
        try (SqliteMetaStore store = SqliteMetaStore.open(dir.resolve("afs.db"))) {
            assertThatThrownBy(() -> store.write(outer -> {
                        outer.put(TENANT_A, "outer", utf8("v"));
                        return store.write(inner -> null);
                    }))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(store.tenants()).isEmpty();
        }
    }

    @Test
    void read_handleCastToWriteTx_cannotWrite() {
        try (SqliteMetaStore store = SqliteMetaStore.open(dir.resolve("afs.db"))) {
            assertThatThrownBy(() -> store.read((ReadTx tx) -> {
                        ((WriteTx) tx).put(TENANT_A, "k", utf8("v"));
                        return null;
                    }))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(store.tenants()).isEmpty();
        }
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private static List<String> query(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
