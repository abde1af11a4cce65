package io.aetherfs.store.sql;

import io.aetherfs.core.error.AfsException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * The schema of the SQL metadata stores: Flyway applies the {@code db/migration/V*__*.sql} files on the
 * classpath (the same files on SQLite and PostgreSQL) and records them in {@code flyway_schema_history};
 * health checks later confirm that the database is still at the version a store was opened at.
 */
public final class SchemaMigrations {
    private static final String LOCATION = "classpath:db/migration";
    private static final String HISTORY = "flyway_schema_history";
    // "WHERE success" reads the same on SQLite (0/1) and PostgreSQL (boolean).
    private static final String APPLIED = "SELECT COUNT(*) FROM " + HISTORY + " WHERE version = ? AND success";
    private static final String FAILED = "SELECT COUNT(*) FROM " + HISTORY + " WHERE NOT success";

    private SchemaMigrations() {}

    /**
     * Applies every pending migration through {@code dataSource} and returns the schema version. On
     * PostgreSQL Flyway holds an advisory lock meanwhile, so nodes starting together migrate once.
     */
    public static String migrate(DataSource dataSource) {
        try {
            Flyway flyway = flyway(dataSource);
            flyway.migrate();
            return version(flyway.info().current());
        } catch (FlywayException e) {
            // Flyway's messages can quote migration SQL; keep them in the cause only.
            throw AfsException.unavailable("metadata store schema migration failed", e);
        }
    }

    /**
     * Returns the schema version when the database has every migration of this build applied, else
     * throws UNAVAILABLE saying which version it is at and how to migrate it.
     */
    public static String verify(DataSource dataSource) {
        MigrationInfoService info;
        try {
            info = flyway(dataSource).info();
        } catch (FlywayException e) {
            throw AfsException.unavailable("cannot read the metadata store schema version", e);
        }
        MigrationInfo[] pending = info.pending();
        if (pending.length > 0) {
            MigrationInfo current = info.current();
            String at = current == null ? "empty" : "at version " + current.getVersion();
            throw AfsException.unavailable(
                    "the metadata store schema is " + at + " but this server needs version "
                            + pending[pending.length - 1].getVersion() + ": run `afs-server migrate` first",
                    null);
        }
        return version(info.current());
    }

    /** Returns whether {@code version} is recorded as applied and no migration is recorded as failed. */
    public static boolean isCurrent(Connection c, String version) throws SQLException {
        try (PreparedStatement applied = c.prepareStatement(APPLIED);
                PreparedStatement failed = c.prepareStatement(FAILED)) {
            applied.setString(1, version);
            return count(applied) == 1 && count(failed) == 0;
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY)
                .loggers("slf4j")
                .failOnMissingLocations(true)
                .load();
    }

    private static String version(MigrationInfo current) {
        if (current == null || current.getVersion() == null) {
            throw AfsException.internal("no schema migration was found on the classpath", null);
        }
        return current.getVersion().getVersion();
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
