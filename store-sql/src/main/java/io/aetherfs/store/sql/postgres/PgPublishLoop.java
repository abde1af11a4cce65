package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.Notifier.Notice;
import io.aetherfs.core.util.Backoff;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a {@link PgNotifier}: one thread and one dedicated connection send the queued
 * notices in queue order, up to {@value #MAX_BATCH} per statement ({@code pg_notify} over an array,
 * one round trip, one transaction), so the notices of this node reach every listener in publication
 * order. Publishing through a pool would let two connections commit out of order.
 *
 * <p>While the server cannot be reached the queued notices wait (the queue is bounded by the notifier);
 * a batch whose statement failed is dropped rather than sent twice, since it may have been committed.
 */
final class PgPublishLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PgPublishLoop.class);
    private static final int MAX_BATCH = 256;
    private static final String NOTIFY = "SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload";

    private final DataSource dataSource;
    private final String where;
    private final String channel;
    private final BlockingQueue<Notice> queue;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private Connection connection;
    private volatile boolean closed;

    PgPublishLoop(DataSource dataSource, String where, String channel, BlockingQueue<Notice> queue) {
        this.dataSource = dataSource;
        this.where = where;
        this.channel = channel;
        this.queue = queue;
    }

    /** Opens the connection; called once before the thread starts, so open() fails fast. */
    void connect() throws SQLException {
        connection = dataSource.getConnection();
    }

    @Override
    public void run() {
        List<Notice> batch = new ArrayList<>(MAX_BATCH);
        int failures = 0;
        // After close, what is already queued still goes out, unless the server is unreachable.
        while (!(closed && queue.isEmpty() && batch.isEmpty())) {
            try {
                if (batch.isEmpty()) {
                    Notice first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                if (connection == null) {
                    connection = dataSource.getConnection();
                    log.info("publishing notices on {} again", where);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException e) {
                failures++;
                if (failures == 1) {
                    log.warn(
                            "cannot reach {} to publish notices; retrying: {}",
                            where,
                            PgErrors.root(e).getMessage());
                }
                if (closed || !pause(failures)) {
                    break; // a closing notifier does not wait for an unreachable server
                }
                continue;
            }
            failures = 0;
            send(batch);
            batch.clear();
        }
        closeConnection();
    }

    /** Makes the loop end once the queue is sent (or the server found unreachable). */
    void close() {
        closed = true;
    }

    private void send(List<Notice> batch) {
        String[] payloads = new String[batch.size()];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = NoticePayload.encode(batch.get(i));
        }
        try (PreparedStatement ps = connection.prepareStatement(NOTIFY)) {
            Array array = connection.createArrayOf("text", payloads);
            ps.setString(1, channel);
            ps.setArray(2, array);
            ps.execute();
        } catch (SQLException e) {
            log.warn(
                    "dropped {} notices: publishing them on {} failed: {}",
                    batch.size(),
                    where,
                    PgErrors.root(e).getMessage());
            closeConnection();
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

    private void closeConnection() {
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
