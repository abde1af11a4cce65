/*
 * Layout: one SQLite file (afs.db, WAL mode) with the portable schema of db/migration/V1__kv.sql and
 * V2__jobs.sql:
 *
 *   kv(tenant VARCHAR(36) NOT NULL,   -- canonical lowercase tenant UUID
 *      k      BYTEA NOT NULL,         -- the key's ASCII bytes, so ORDER BY k is byte order
 *      v      BYTEA NOT NULL,         -- the value, verbatim
 *      PRIMARY KEY (tenant, k))       -- every lookup and scan is an index range within one tenant
 *   jobs(...)                         -- the job queue, see SqliteJobQueue
 *   flyway_schema_history             -- Flyway's record of applied migrations
 */
package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import io.aetherfs.store.sql.SchemaMigrations;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded {@link MetaStore}: one SQLite file in WAL mode with a single writer connection behind a
 * lock and a few reader connections, each commit fsynced before it is acknowledged.
 */
public final class SqliteMetaStore implements MetaStore {
    private static final int READERS = 4;
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final String url;
    private final String schemaVersion;
    private final int busyTimeoutMillis;
    private final ReaderPool readers;
    private final WalCheckpointer checkpointer;
    private final ReentrantLock writerLock = new ReentrantLock();
    private SqliteConnection writer; // guarded by writerLock; null until needed or after it broke
    private volatile boolean closed;

    private SqliteMetaStore(Path file, String url, String schemaVersion, int busyTimeoutMillis) {
        this.file = file;
        this.url = url;
        this.schemaVersion = schemaVersion;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.readers = new ReaderPool(url, READERS, busyTimeoutMillis);
        this.checkpointer = new WalCheckpointer(url, busyTimeoutMillis, Duration.ofMillis(500));
    }

    /** Opens (creating it and its parent directories if needed) the database file and migrates it. */
    public static SqliteMetaStore open(Path dbFile) {
        return open(dbFile, BUSY_TIMEOUT);
    }

    /** Opens the store, waiting at most {@code busyTimeout} for a lock held by another connection. */
    static SqliteMetaStore open(Path dbFile, Duration busyTimeout) {
        Path file = dbFile.toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        int busyMillis = Math.toIntExact(busyTimeout.toMillis());
        try {
            Files.createDirectories(file.getParent());
            // The first connection switches the file to WAL mode (a persistent setting) before Flyway runs.
            String version;
            try (SqliteConnection first = SqliteConnection.open(url, false, busyMillis)) {
                version = SchemaMigrations.migrate(dataSource(url, busyMillis));
            }
            syncDirectory(file.getParent());
            return new SqliteMetaStore(file, url, version, busyMillis);
        } catch (IOException e) {
            throw AfsException.unavailable("cannot create the metadata store directory " + file.getParent(), e);
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("opening the database", e);
        }
    }

    @Override
    public <T> T read(TxBody<ReadTx, T> body) {
        checkOpen();
        SqliteConnection c = readers.acquire();
        try {
            return inTransaction(c, "BEGIN", false, body::run);
        } finally {
            readers.release(c);
        }
    }

    @Override
    public <T> T write(TxBody<WriteTx, T> body) {
        // IMMEDIATE takes the write lock up front, so the body's reads are never made stale by another
        // process's commit; inside this process the writer lock already serializes writers.
        return onWriter(c -> inTransaction(c, "BEGIN IMMEDIATE", true, body::run));
    }

    /** Returns a job queue in this database (table {@code jobs}) whose times follow the system clock. */
    public JobQueue jobs() {
        return jobs(Clock.systemUTC());
    }

    /**
     * Returns a job queue in this database whose due times and leases follow {@code clock}. It writes
     * through this store's single writer connection, so its statements queue behind group commits
     * instead of meeting SQLITE_BUSY; it stops working when this store closes.
     */
    public JobQueue jobs(Clock clock) {
        return new SqliteJobQueue(this, clock);
    }

    /**
     * Runs {@code work} on the writer connection in a {@code BEGIN IMMEDIATE} transaction and commits it;
     * a SQL failure rolls back and becomes UNAVAILABLE naming {@code action}.
     */
    <T> T writeSql(String action, SqlWork<T> work) {
        return onWriter(c -> transact(c, "BEGIN IMMEDIATE", true, action, work));
    }

    /** Runs {@code work} on a reader connection in a read transaction. */
    <T> T readSql(String action, SqlWork<T> work) {
        checkOpen();
        SqliteConnection c = readers.acquire();
        try {
            return transact(c, "BEGIN", false, action, work);
        } finally {
            readers.release(c);
        }
    }

    /** Work on one connection inside a transaction. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(SqliteConnection c) throws SQLException;
    }

    private <T> T onWriter(Function<SqliteConnection, T> work) {
        if (writerLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a write transaction cannot start inside another one");
        }
        writerLock.lock();
        try {
            checkOpen();
            if (writer == null || writer.isBroken()) {
                replaceWriter();
            }
            return work.apply(writer);
        } finally {
            writerLock.unlock();
        }
    }

    @Override
    public List<TenantId> tenants() {
        checkOpen();
        SqliteConnection c = readers.acquire();
        try {
            return inTransaction(c, "BEGIN", false, KvTx::tenants);
        } finally {
            readers.release(c);
        }
    }

    @Override
    public Set<Feature> features() {
        return EnumSet.of(Feature.PERSISTENT);
    }

    @Override
    public void checkHealth() {
        checkOpen();
        if (!Files.isRegularFile(file)) {
            throw AfsException.unavailable("the metadata database file " + file + " has disappeared", null);
        }
        SqliteConnection c = readers.acquire();
        try {
            if (!SchemaMigrations.isCurrent(c.jdbc(), schemaVersion)) {
                throw AfsException.unavailable(
                        "the metadata store schema is not at version " + schemaVersion + " as expected", null);
            }
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("checking health", e);
        } finally {
            readers.release(c);
        }
    }

    @Override
    public void close() {
        checkpointer.close();
        closed = true;
        readers.close();
        writerLock.lock();
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        } finally {
            writerLock.unlock();
        }
    }

    /** Runs {@code body} over a {@link KvTx} between {@code begin} and COMMIT. */
    private static <T> T inTransaction(SqliteConnection c, String begin, boolean write, Function<KvTx, T> body) {
        return transact(c, begin, write, "running a statement", conn -> {
            KvTx tx = new KvTx(conn, write);
            try {
                return body.apply(tx);
            } finally {
                tx.finish();
            }
        });
    }

    /** Runs {@code work} between {@code begin} and COMMIT; on any failure rolls back and rethrows it. */
    private static <T> T transact(SqliteConnection c, String begin, boolean write, String action, SqlWork<T> work) {
        try {
            c.run(begin);
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("starting a transaction", e);
        }
        T result;
        try {
            result = work.run(c);
        } catch (SQLException e) {
            c.rollbackQuietly();
            throw SqliteErrors.unavailable(action, e);
        } catch (Throwable t) {
            c.rollbackQuietly();
            throw t;
        }
        try {
            c.run("COMMIT");
        } catch (SQLException e) {
            c.rollbackQuietly();
            throw SqliteErrors.unavailable(write ? "committing" : "ending a read transaction", e);
        }
        return result;
    }

    private void replaceWriter() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        try {
            writer = SqliteConnection.open(url, false, busyTimeoutMillis);
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("opening the writer connection", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw SqliteErrors.closed();
        }
    }

    /** Returns a data source for Flyway that waits for locks like the store's own connections. */
    private static DataSource dataSource(String url, int busyTimeoutMillis) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    /** Makes a just-created database file's directory entry durable (SQLite syncs only its journal's). */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
