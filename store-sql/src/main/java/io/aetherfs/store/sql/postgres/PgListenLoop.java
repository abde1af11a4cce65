package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.Notifier.Notice;
import io.aetherfs.core.util.Backoff;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of a {@link PgNotifier}: one thread owning one dedicated connection that has run
 * {@code LISTEN}, polling it for notifications and handing each decoded notice to the sink on this same
 * thread, in the order PostgreSQL delivers them (commit order). When the connection breaks it reconnects
 * with backoff and listens again; notices committed meanwhile are lost, which the Notifier SPI allows.
 */
final class PgListenLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PgListenLoop.class);
    private static final int POLL_MILLIS = 250;
    /** After this long without traffic the connection is pinged, so a silently dead peer is noticed. */
    private static final long PING_NANOS = Duration.ofSeconds(5).toNanos();

    private final DataSource dataSource;
    private final String where;
    private final String channel;
    private final Consumer<Notice> sink;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private Connection connection; // owned by the loop thread once it runs
    private volatile boolean closed;

    PgListenLoop(DataSource dataSource, String where, String channel, Consumer<Notice> sink) {
        this.dataSource = dataSource;
        this.where = where;
        this.channel = channel;
        this.sink = sink;
    }

    /** Opens the connection and listens; called once before the thread starts, so open() fails fast. */
    void listen() throws SQLException {
        connection = connect();
    }

    @Override
    public void run() {
        int failures = 0;
        long lastTraffic = System.nanoTime();
        while (!closed) {
            try {
                if (connection == null) {
                    connection = connect();
                    log.info("listening for notices on {} again", where);
                    failures = 0;
                }
                PGNotification[] received =
                        connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (received != null && received.length > 0) {
                    lastTraffic = System.nanoTime();
                    deliver(received);
                } else if (System.nanoTime() - lastTraffic > PING_NANOS) {
                    ping();
                    lastTraffic = System.nanoTime();
                }
            } catch (SQLException e) {
                if (closed) {
                    break;
                }
                failures++;
                if (failures == 1) {
                    log.warn(
                            "lost the notice (LISTEN) connection to {}; reconnecting, notices published meanwhile"
                                    + " are lost: {}",
                            where,
                            PgErrors.root(e).getMessage());
                }
                closeConnection();
                if (!pause(failures)) {
                    break;
                }
            }
        }
        closeConnection();
    }

    /** Makes the loop end within one poll interval; it closes its connection on the way out. */
    void close() {
        closed = true;
    }

    private void deliver(PGNotification[] received) {
        for (PGNotification n : received) {
            if (!channel.equals(n.getName())) {
                continue;
            }
            Notice notice;
            try {
                notice = NoticePayload.decode(n.getParameter());
            } catch (IllegalArgumentException e) {
                log.warn(
                        "ignored a notice payload on channel {} that this version cannot read: {}",
                        channel,
                        e.getMessage());
                continue;
            }
            sink.accept(notice);
        }
    }

    private Connection connect() throws SQLException {
        Connection c = dataSource.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + channel);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private void ping() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    private boolean pause(int failures) {
        try {
            backoff.sleep(failures);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes the connection; the loop thread does it on exit, open() when it gives up early. */
    void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // The connection is gone either way.
            }
            connection = null;
        }
    }
}
