package io.aetherfs.store.sql.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.aetherfs.core.error.AfsException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Runs the transactions of a {@link PostgresMetaStore} on its pooled connections. Writes run at
 * SERIALIZABLE, so PostgreSQL detects every read-write conflict with other transactions of any node;
 * a serialization failure (40001) or deadlock (40P01) rolls back and runs the body again after a
 * jittered backoff, up to the retry budget, then fails with ABORTED. Reads run at REPEATABLE READ READ
 * ONLY: one snapshot, never blocked, never aborted. Every other failure is UNAVAILABLE.
 *
 * <p>Exponential backoff alone is unfair to the writer that keeps losing, since fresh transactions
 * do not wait. So after {@value #EXCLUSIVE_AFTER_CONFLICTS} conflicts a write runs alone among this
 * node's writers (the write side of a lock every write attempt holds for reading), and then only
 * writers of other nodes can still beat it.
 */
final class PgTransactions {
    private static final String BEGIN_WRITE = "BEGIN ISOLATION LEVEL SERIALIZABLE";
    private static final String BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    private static final int EXCLUSIVE_AFTER_CONFLICTS = 2;

    private final HikariDataSource pool;
    private final String where;
    private final int maxWriteAttempts;
    private final Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(50));
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();

    PgTransactions(HikariDataSource pool, String where, int maxWriteAttempts) {
        this.pool = pool;
        this.where = where;
        this.maxWriteAttempts = maxWriteAttempts;
    }

    /** Where in a transaction a failure happened, which decides whether running it again is safe. */
    private enum Step {
        CONNECT("getting a connection"),
        BEGIN("starting a transaction"),
        BODY("running a statement"),
        COMMIT("committing (the commit may or may not have been applied)");

        final String action;

        Step(String action) {
            this.action = action;
        }
    }

    /** The outcome of one run of a body: its result, or the SQL failure and where it happened. */
    private record Attempt<T>(T result, SQLException failure, Step step) {}

    /** Runs {@code body} in a transaction until it commits, throws, or fails for good. */
    <T> T run(boolean write, Function<PgKvTx, T> body) {
        int conflicts = 0;
        boolean reconnected = false;
        for (int attempt = 1; ; attempt++) {
            Attempt<T> a = write ? gated(conflicts >= EXCLUSIVE_AFTER_CONFLICTS, body) : attempt(false, body);
            if (a.failure() == null) {
                return a.result();
            }
            switch (PgErrors.classify(a.failure())) {
                case CONFLICT -> {
                    conflicts++;
                    if (attempt >= maxWriteAttempts) {
                        throw PgErrors.aborted(where, attempt, a.failure());
                    }
                    pause(conflicts);
                }
                case CONNECTION -> {
                    // A pooled connection found broken before COMMIT: nothing was committed, and the pool
                    // has dropped it, so one run on a fresh connection is safe. The pool's own timeout is
                    // not retried (it already waited), nor is a commit of unknown outcome.
                    boolean retryable = a.step() == Step.BEGIN || a.step() == Step.BODY;
                    if (!retryable || reconnected) {
                        throw PgErrors.unavailable(where, a.step().action, a.failure());
                    }
                    reconnected = true;
                }
                case OTHER -> throw PgErrors.unavailable(where, a.step().action, a.failure());
            }
        }
    }

    private <T> Attempt<T> gated(boolean exclusive, Function<PgKvTx, T> body) {
        Lock gate = exclusive ? writers.writeLock() : writers.readLock();
        gate.lock();
        try {
            return attempt(true, body);
        } finally {
            gate.unlock();
        }
    }

    private <T> Attempt<T> attempt(boolean write, Function<PgKvTx, T> body) {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            return new Attempt<>(null, e, Step.CONNECT);
        }
        Step step = Step.BEGIN;
        PgKvTx tx = new PgKvTx(c, write);
        try {
            execute(c, write ? BEGIN_WRITE : BEGIN_READ);
            step = Step.BODY;
            T result;
            try {
                result = body.apply(tx);
                tx.sendQueuedPuts();
            } catch (RuntimeException | Error e) {
                if (tx.failure() == null) {
                    rollback(c);
                    throw e; // the body's own exception, unchanged
                }
                throw tx.failure(); // a statement failed underneath: retry or UNAVAILABLE, decided by run
            } finally {
                tx.finish();
            }
            if (tx.failure() != null) {
                throw tx.failure(); // the body caught it, but the transaction is doomed
            }
            step = Step.COMMIT;
            execute(c, "COMMIT");
            return new Attempt<>(result, null, null);
        } catch (SQLException e) {
            rollback(c);
            return new Attempt<>(null, e, step);
        } finally {
            close(c);
        }
    }

    private static void close(Connection c) {
        try {
            c.close(); // back to the pool, which drops it if it broke
        } catch (SQLException e) {
            // The outcome is already known; the pool has given up on this connection.
        }
    }

    private void rollback(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            // A connection whose transaction state is unknown must not be reused.
            pool.evictConnection(c);
        }
    }

    private void pause(int conflicts) {
        try {
            backoff.sleep(conflicts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AfsException.unavailable("interrupted while retrying a metadata transaction", e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
