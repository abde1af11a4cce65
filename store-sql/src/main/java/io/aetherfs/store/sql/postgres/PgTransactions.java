package io.aetherfs.store.sql.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.aetherfs.core.util.Backoff;
import io.aetherfs.core.util.Retry;
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
 * jittered backoff, up to the retry budget (the shared {@link io.aetherfs.core.util.Retry}), then fails
 * with ABORTED. Reads run at REPEATABLE READ READ
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
    /** The pauses between runs after a conflict, shared with {@link PgJobQueue}. */
    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(1), Duration.ofMillis(50));

    private final HikariDataSource pool;
    private final String where;
    private final Retry retry;
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();

    PgTransactions(HikariDataSource pool, String where, int maxWriteAttempts) {
        this.pool = pool;
        this.where = where;
        this.retry = new Retry("a metadata transaction", maxWriteAttempts, BACKOFF);
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
        return retry.run(new Run<>(write, body)::round);
    }

    /** The runs of one transaction body; a broken connection is replaced at most once per body. */
    private final class Run<T> {
        final boolean write;
        final Function<PgKvTx, T> body;
        boolean reconnected;

        Run(boolean write, Function<PgKvTx, T> body) {
            this.write = write;
            this.body = body;
        }

        Retry.Outcome<T> round(Retry.Round round) {
            Attempt<T> a = once(round.pauses() >= EXCLUSIVE_AFTER_CONFLICTS);
            if (a.failure() != null && PgErrors.classify(a.failure()) == PgErrors.Kind.CONNECTION && !reconnected) {
                // A pooled connection found broken before COMMIT: nothing was committed, and the pool
                // has dropped it, so one run on a fresh connection is safe. The pool's own timeout is
                // not retried (it already waited), nor is a commit of unknown outcome.
                if (a.step() == Step.BEGIN || a.step() == Step.BODY) {
                    reconnected = true;
                    a = once(round.pauses() >= EXCLUSIVE_AFTER_CONFLICTS);
                }
            }
            if (a.failure() == null) {
                return Retry.done(a.result());
            }
            SQLException failure = a.failure();
            return switch (PgErrors.classify(failure)) {
                case CONFLICT -> Retry.again(() -> PgErrors.aborted(where, round.attempt(), failure));
                case CONNECTION, OTHER -> throw PgErrors.unavailable(where, a.step().action, failure);
            };
        }

        /** Runs the body once; a write runs alone among this node's writers when {@code exclusive}. */
        private Attempt<T> once(boolean exclusive) {
            return write ? gated(exclusive, body) : attempt(false, body);
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

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
