package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.error.AfsException;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The reader connections of a {@link SqliteMetaStore}: at most a few, opened on first need and kept
 * for reuse, each lent to one read transaction at a time (WAL lets them read while the writer writes).
 */
final class ReaderPool implements AutoCloseable {
    private final String url;
    private final int busyTimeoutMillis;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<SqliteConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ReaderPool(String url, int size, int busyTimeoutMillis) {
        this.url = url;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.permits = new Semaphore(size, true);
    }

    /** Returns a reader connection for the caller's exclusive use until {@link #release}. */
    SqliteConnection acquire() {
        if (closed) {
            throw SqliteErrors.closed();
        }
        try {
            if (!permits.tryAcquire(busyTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw AfsException.unavailable(
                        "metadata store unavailable: every reader connection stayed busy past the busy timeout", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AfsException.unavailable("interrupted while waiting for a metadata reader connection", e);
        }
        SqliteConnection c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        try {
            return SqliteConnection.open(url, true, busyTimeoutMillis);
        } catch (SQLException e) {
            permits.release();
            throw SqliteErrors.unavailable("opening a reader connection", e);
        }
    }

    /** Takes back a connection from {@link #acquire}; broken ones and any after close are closed. */
    void release(SqliteConnection c) {
        if (closed || c.isBroken()) {
            c.close();
        } else {
            idle.addFirst(c);
            if (closed) {
                drain();
            }
        }
        permits.release();
    }

    /** Closes the idle connections now and lent ones as they come back. */
    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (SqliteConnection c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }
}
