/*
 * Layout: the portable schema of db/migration/V1__kv.sql and V2__jobs.sql (the same files SQLite runs),
 * in the database named by storage.postgres_url:
 *
 *   kv(tenant VARCHAR(36) NOT NULL,   -- canonical lowercase tenant UUID
 *      k      BYTEA NOT NULL,         -- the key's ASCII bytes; bytea compares bytewise, so ORDER BY k is byte order
 *      v      BYTEA NOT NULL,         -- the value, verbatim (TOASTed when large)
 *      PRIMARY KEY (tenant, k))       -- every lookup and scan is a B-tree range within one tenant
 *   jobs(...)                         -- the job queue, claimed with FOR UPDATE SKIP LOCKED (PgJobQueue)
 *   flyway_schema_history             -- Flyway's record of applied migrations
 */
package io.aetherfs.store.sql.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import io.aetherfs.core.spi.WriterLocks;
import io.aetherfs.store.sql.SchemaMigrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-out {@link MetaStore}: the {@code kv} table in PostgreSQL, shared by every server node, over
 * a connection pool. Write transactions are SERIALIZABLE and re-run on serialization conflicts (see
 * {@link PgTransactions}), so an optimistic check inside a write (read the session record, compare, write
 * it back) holds across nodes: of two nodes racing, exactly one commits and the other's body runs again
 * on the winner's data. Commits are durable when PostgreSQL's {@code synchronous_commit} is on (its
 * default).
 */
public final class PostgresMetaStore implements MetaStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresMetaStore.class);
    /** The {@code application_name} of the pool's connections in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "afs-metastore";

    /** How long a group commit waits for other nodes' writers of its sessions before it answers ABORTED. */
    private static final java.time.Duration WRITER_LOCK_TIMEOUT = java.time.Duration.ofSeconds(30);

    private static final ThreadLocal<Boolean> IN_WRITE = ThreadLocal.withInitial(() -> false);

    private final String where;
    private final HikariDataSource pool;
    private final PgTransactions transactions;
    private final PgWriterLocks writerLocks;
    private final String schemaVersion;
    private volatile boolean closed;

    private PostgresMetaStore(String where, HikariDataSource pool, String schemaVersion, int maxWriteAttempts) {
        this.where = where;
        this.pool = pool;
        this.schemaVersion = schemaVersion;
        this.transactions = new PgTransactions(pool, where, maxWriteAttempts);
        this.writerLocks = new PgWriterLocks(pool, where, WRITER_LOCK_TIMEOUT);
    }

    /**
     * Connects to the database of {@code settings}, applies pending migrations (or, with
     * {@code migrate = false}, checks there are none) and returns the open store. Several nodes may open
     * the same database at once: Flyway serializes their migrations with an advisory lock. Throws
     * UNAVAILABLE, naming host, port, database and user (never the password), when the database cannot
     * be reached or its schema is not current.
     */
    public static PostgresMetaStore open(PostgresSettings settings) {
        PostgresUrl url = PostgresUrl.parse(settings.url());
        PGSimpleDataSource direct = url.dataSource(settings, APPLICATION_NAME);
        try (Connection probe = direct.getConnection()) {
            probe.isValid(1); // a clear connection error here beats Flyway's wrapped one
        } catch (SQLException e) {
            throw PgErrors.unavailable(url.describe(), "connecting", e);
        }
        String version = settings.migrate() ? SchemaMigrations.migrate(direct) : SchemaMigrations.verify(direct);
        HikariDataSource pool = new HikariDataSource(poolConfig(settings, direct));
        log.info(
                "metadata store: PostgreSQL at {}, schema version {}, up to {} connections",
                url.describe(),
                version,
                settings.maxConnections());
        return new PostgresMetaStore(url.describe(), pool, version, settings.maxWriteAttempts());
    }

    private static HikariConfig poolConfig(PostgresSettings settings, PGSimpleDataSource direct) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(APPLICATION_NAME);
        config.setDataSource(direct);
        config.setMaximumPoolSize(settings.maxConnections());
        // Idle nodes keep few connections; a burst opens more (a loopback connect takes milliseconds).
        config.setMinimumIdle(Math.min(2, settings.maxConnections()));
        long poolMillis = Math.max(250, settings.poolTimeout().toMillis());
        config.setConnectionTimeout(poolMillis);
        config.setValidationTimeout(Math.max(250, Math.min(5_000, poolMillis / 2)));
        // Transactions are explicit (BEGIN ... COMMIT), so connections stay in auto-commit mode and the
        // pool never has to reset isolation levels between a read and a write.
        config.setAutoCommit(true);
        config.setInitializationFailTimeout(-1); // open() has just connected
        return config;
    }

    @Override
    public <T> T read(TxBody<ReadTx, T> body) {
        checkOpen();
        return transactions.run(false, body::run);
    }

    @Override
    public <T> T write(TxBody<WriteTx, T> body) {
        if (IN_WRITE.get()) {
            throw new IllegalStateException("a write transaction cannot start inside another one");
        }
        checkOpen();
        IN_WRITE.set(true);
        try {
            return transactions.run(true, body::run);
        } finally {
            IN_WRITE.set(false);
        }
    }

    /** Returns the job queue in this database (table {@code jobs}), with times from the system clock. */
    public JobQueue jobs() {
        return jobs(Clock.systemUTC());
    }

    /**
     * Returns the job queue in this database, on this store's connection pool, whose due times and
     * leases follow {@code clock}; it stops working when this store closes. Every node opens its own;
     * they share the jobs through the table.
     */
    public JobQueue jobs(Clock clock) {
        return new PgJobQueue(pool, where, this::checkOpen, clock);
    }

    @Override
    public List<TenantId> tenants() {
        checkOpen();
        return transactions.run(false, PgKvTx::tenants);
    }

    @Override
    public Set<Feature> features() {
        return EnumSet.of(Feature.SHARED_BY_NODES, Feature.PERSISTENT);
    }

    /** Returns writer locks on PostgreSQL advisory locks ({@link PgWriterLocks}). */
    @Override
    public Optional<WriterLocks> writerLocks() {
        checkOpen();
        return Optional.of(writerLocks);
    }

    @Override
    public void checkHealth() {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            if (!SchemaMigrations.isCurrent(c, schemaVersion)) {
                throw AfsException.unavailable(
                        "the metadata schema in PostgreSQL at " + where + " is not at version " + schemaVersion
                                + " as expected (flyway_schema_history changed or records a failed migration)",
                        null);
            }
        } catch (SQLException e) {
            throw PgErrors.unavailable(where, "checking health", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    private void checkOpen() {
        if (closed) {
            throw PgErrors.closed("metadata store");
        }
    }
}
