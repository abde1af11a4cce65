package io.aetherfs.store.sql;

import io.aetherfs.core.error.AfsException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Brings a database's schema up to date with Flyway from the {@code db/migration/V*__*.sql} files on the
 * classpath (shared with PostgreSQL), and checks later that it still is.
 */
final class SchemaMigrations {
    private static final String LOCATION = "classpath:db/migration";
    private static final String HISTORY = "flyway_schema_history";
    private static final String APPLIED = "SELECT COUNT(*) FROM " + HISTORY + " WHERE version = ? AND success = 1";
    private static final String FAILED = "SELECT COUNT(*) FROM " + HISTORY + " WHERE success = 0";

    private SchemaMigrations() {}

    /** Applies every pending migration to the SQLite file at {@code url} and returns the schema version. */
    static String migrate(String url, int busyTimeoutMillis) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        try {
            Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .table(HISTORY)
                    .loggers("slf4j")
                    .failOnMissingLocations(true)
                    .load();
            flyway.migrate();
            MigrationInfo current = flyway.info().current();
            if (current == null || current.getVersion() == null) {
                throw AfsException.internal("no schema migration was found on the classpath", null);
            }
            return current.getVersion().getVersion();
        } catch (FlywayException e) {
            // Flyway's messages can quote migration SQL; keep them in the cause only.
            throw AfsException.unavailable("metadata store schema migration failed", e);
        }
    }

    /** Returns whether {@code version} is recorded as applied and no migration is recorded as failed. */
    static boolean isCurrent(SqliteConnection c, String version) throws SQLException {
        PreparedStatement applied = c.prepare(APPLIED);
        applied.setString(1, version);
        return count(applied) == 1 && count(c.prepare(FAILED)) == 0;
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
