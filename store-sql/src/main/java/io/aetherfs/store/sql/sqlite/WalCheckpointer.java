package io.aetherfs.store.sql.sqlite;

import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL frames into the database file in the background (PASSIVE checkpoints on its
 * own connection), so commits pay only their WAL fsync. SQLite would otherwise run the checkpoint
 * inside whichever COMMIT crosses the WAL size threshold, adding a database-file fsync to that
 * request's latency. The writer keeps a high automatic threshold as a safety net should this thread
 * fall behind.
 */
final class WalCheckpointer implements AutoCloseable {
    /** The writer's own automatic checkpoint threshold in pages (64 MiB of 4 KiB pages). */
    static final int WRITER_AUTOCHECKPOINT_PAGES = 16_384;

    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final String url;
    private final int busyTimeoutMillis;
    private final Thread thread;
    private volatile boolean closed;

    WalCheckpointer(String url, int busyTimeoutMillis, Duration interval) {
        this.url = url;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.thread =
                Thread.ofPlatform().name("afs-sqlite-checkpoint").daemon(true).start(() -> loop(interval));
    }

    private void loop(Duration interval) {
        SqliteConnection c = null;
        while (!closed) {
            try {
                Thread.sleep(interval);
                if (c == null || c.isBroken()) {
                    c = SqliteConnection.open(url, false, busyTimeoutMillis);
                }
                c.queryString("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                log.debug("background WAL checkpoint failed (the writer's threshold still applies)", e);
                if (c != null) {
                    c.close();
                    c = null;
                }
            }
        }
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
