package io.aetherfs.store.sql.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * One JDBC connection to the SQLite file, with the store's PRAGMAs set and its prepared statements
 * cached; used by one thread at a time (the writer lock or a reader pool permit guarantees it).
 */
final class SqliteConnection implements AutoCloseable {
    private final Connection jdbc;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean broken;

    private SqliteConnection(Connection jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens a connection in WAL mode with fully synchronous commits (an acknowledged commit survives
     * power loss); a reader connection additionally refuses writes.
     */
    static SqliteConnection open(String url, boolean reader, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        SqliteConnection c = new SqliteConnection(config.createConnection(url));
        try {
            String mode = c.queryString("PRAGMA journal_mode");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("the database refused WAL mode (journal_mode=" + mode + ")");
            }
            if (reader) {
                c.prepare("PRAGMA query_only = ON").execute();
            } else {
                // checkpoints normally run in the background (WalCheckpointer); this is the safety net
                c.prepare("PRAGMA wal_autocheckpoint = " + WalCheckpointer.WRITER_AUTOCHECKPOINT_PAGES)
                        .execute();
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Returns the underlying JDBC connection, for statements outside the cache (schema checks). */
    Connection jdbc() {
        return jdbc;
    }

    /** Returns the cached prepared statement for {@code sql}, preparing it on first use. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = jdbc.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Runs a statement without parameters or results, such as BEGIN or COMMIT. */
    void run(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Returns the first column of the first row of a parameterless query, or null when it has no row. */
    String queryString(String sql) throws SQLException {
        try (ResultSet rs = prepare(sql).executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Rolls back the open transaction; if even that fails the connection is marked broken. */
    void rollbackQuietly() {
        try {
            run("ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            broken = true;
        }
    }

    /** Returns whether the connection is in an unknown state and must be replaced. */
    boolean isBroken() {
        return broken;
    }

    @Override
    public void close() {
        try {
            jdbc.close();
        } catch (SQLException e) {
            // Closing only releases the handle; nothing is lost if it fails.
        }
    }
}
