package io.aetherfs.store.sql.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.spi.WriterLocks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@link WriterLocks} on PostgreSQL session-level advisory locks, so they hold across the nodes sharing
 * the database. A hold keeps one pooled connection with the locks (two-int keys: the class
 * {@value #LOCK_CLASS}, apart from the single-bigint keys Flyway's migration lock uses, and 32 bits of a
 * name's SHA-256) and gives it back after {@code pg_advisory_unlock_all()}; a node that dies loses its
 * connection, and PostgreSQL releases its locks with it. Names whose hashes collide merely wait for
 * each other.
 */
final class PgWriterLocks implements WriterLocks {
    /** "AFSW": the advisory lock class of writer locks. */
    static final int LOCK_CLASS = 0x41465357;

    private static final String LOCK = "SELECT pg_advisory_lock(" + LOCK_CLASS + ", k)"
            + " FROM unnest(?::int[]) WITH ORDINALITY AS t(k, i) ORDER BY i";

    private final HikariDataSource pool;
    private final String where;
    private final Duration timeout;

    PgWriterLocks(HikariDataSource pool, String where, Duration timeout) {
        this.pool = pool;
        this.where = where;
        this.timeout = timeout;
    }

    @Override
    public Hold acquire(SortedSet<String> names) {
        SortedSet<Integer> keys = new TreeSet<>();
        for (String n : names) {
            keys.add(key(n));
        }
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw PgErrors.unavailable(where, "getting a connection for writer locks", e);
        }
        try (PreparedStatement st = c.prepareStatement(LOCK)) {
            Array array = c.createArrayOf("int4", keys.toArray());
            st.setArray(1, array);
            st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            st.executeQuery().close(); // takes the locks in ascending key order, so holds never deadlock
        } catch (SQLException e) {
            release(c);
            if ("57014".equals(e.getSQLState())) {
                throw AfsException.concurrentUpdate(
                        "waited " + timeout.toSeconds() + " s for other nodes writing the same sessions; retry", null);
            }
            throw PgErrors.unavailable(where, "taking writer locks", e);
        }
        return new Hold() {
            private boolean open = true;

            @Override
            public synchronized void close() {
                if (open) {
                    open = false;
                    release(c);
                }
            }
        };
    }

    /** Releases every advisory lock of the connection and gives it back (or drops it if that failed). */
    private void release(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_unlock_all()");
            c.close();
        } catch (SQLException e) {
            pool.evictConnection(c); // closing the session releases whatever it still held
        }
    }

    /** Returns the 32-bit lock key of a name. */
    static int key(String name) {
        return ByteBuffer.wrap(Hash.of(name.getBytes(StandardCharsets.UTF_8)).toBytes())
                .getInt();
    }
}
