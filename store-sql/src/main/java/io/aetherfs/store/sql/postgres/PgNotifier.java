package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.spi.NoticeListeners;
import io.aetherfs.core.spi.Notifier;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-out {@link Notifier}: notices travel between the nodes sharing a PostgreSQL database as
 * {@code NOTIFY} messages on the channel {@value #CHANNEL}, with the payload {@code 1 <tenant> <sequence>
 * <stream>} ({@link NoticePayload}). Each node holds two dedicated connections outside the metadata
 * store's pool: one that publishes, from a single thread so this node's notices keep their order
 * ({@link PgPublishLoop}), and one that listens and delivers on its own thread ({@link PgListenLoop}).
 * PostgreSQL delivers a channel's notices to every listener in commit order, the publishing node's
 * included.
 */
public final class PgNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(PgNotifier.class);
    /** The NOTIFY channel of every node. */
    public static final String CHANNEL = "afs_notices";
    /** The {@code application_name} of the listening connection in {@code pg_stat_activity}. */
    public static final String LISTEN_APPLICATION_NAME = "afs-notify-listen";
    /** The {@code application_name} of the publishing connection in {@code pg_stat_activity}. */
    public static final String PUBLISH_APPLICATION_NAME = "afs-notify-publish";
    /** Notices waiting to be published beyond this are dropped (the server is down or far behind). */
    private static final int MAX_QUEUED = 100_000;

    private static final long CLOSE_WAIT_MILLIS = 3_000;

    private final NoticeListeners listeners = new NoticeListeners();
    private final BlockingQueue<Notice> outbox = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final PgListenLoop listening;
    private final PgPublishLoop publishing;
    private final Thread listenThread;
    private final Thread publishThread;
    private volatile boolean closed;
    private long dropped; // guarded by this

    private PgNotifier(PostgresSettings settings) throws SQLException {
        PostgresUrl url = PostgresUrl.parse(settings.url());
        PGSimpleDataSource listen = url.dataSource(settings, LISTEN_APPLICATION_NAME);
        PGSimpleDataSource publish = url.dataSource(settings, PUBLISH_APPLICATION_NAME);
        this.listening = new PgListenLoop(listen, url.describe(), CHANNEL, this::deliver);
        this.publishing = new PgPublishLoop(publish, url.describe(), CHANNEL, outbox);
        // LISTEN is active before open() returns: a notice published after that reaches this node.
        listening.listen();
        try {
            publishing.connect();
        } catch (SQLException e) {
            listening.closeConnection();
            throw e;
        }
        this.listenThread =
                Thread.ofPlatform().name("afs-pg-listen").daemon(true).start(listening);
        this.publishThread =
                Thread.ofPlatform().name("afs-pg-notify").daemon(true).start(publishing);
    }

    /**
     * Connects to the database of {@code settings} and starts listening. Throws UNAVAILABLE, naming host,
     * port, database and user (never the password), when the database cannot be reached.
     */
    public static PgNotifier open(PostgresSettings settings) {
        try {
            return new PgNotifier(settings);
        } catch (SQLException e) {
            throw PgErrors.unavailable(settings.describe(), "opening the notice connections", e);
        }
    }

    @Override
    public void publish(Notice notice) {
        if (closed) {
            throw PgErrors.closed("notifier");
        }
        if (!outbox.offer(notice)) {
            synchronized (this) {
                if (dropped++ % 10_000 == 0) {
                    log.warn("dropped notices: {} are already waiting for PostgreSQL", MAX_QUEUED);
                }
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<Notice> listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        publishing.close();
        listening.close();
        join(publishThread);
        join(listenThread);
        listeners.clear();
    }

    private void deliver(Notice notice) {
        listeners.deliver(notice);
    }

    private static void join(Thread t) {
        try {
            t.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            t.interrupt();
        }
    }
}
