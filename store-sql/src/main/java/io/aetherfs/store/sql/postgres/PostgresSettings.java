package io.aetherfs.store.sql.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node reaches PostgreSQL: the {@code storage.postgres_url} and {@code storage.postgres_max_connections}
 * of the server configuration plus timeouts and the write retry budget, which have defaults.
 *
 * <p>The URL is {@code postgresql://user:password@host:port/database?param=value} (also {@code postgres://}) or
 * a JDBC URL {@code jdbc:postgresql://host:port/database?user=…&password=…}; several {@code host:port} pairs
 * may be given, comma-separated. {@link #toString()} and every error message leave the password out.
 *
 * @param url where the database is, with credentials
 * @param maxConnections the largest number of pooled connections of a {@link PostgresMetaStore}
 * @param connectTimeout how long opening one connection may take
 * @param socketTimeout how long one network read may wait, so a vanished server fails a call instead of
 *     hanging it
 * @param poolTimeout how long a transaction waits for a pooled connection before failing with UNAVAILABLE
 * @param maxWriteAttempts how often a write transaction runs before a serialization conflict is ABORTED
 * @param migrate whether opening a store applies pending schema migrations (else it only checks them)
 */
public record PostgresSettings(
        String url,
        int maxConnections,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration poolTimeout,
        int maxWriteAttempts,
        boolean migrate) {
    /** The default of {@code storage.postgres_max_connections} (spec §13.1). */
    public static final int DEFAULT_MAX_CONNECTIONS = 20;

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        PostgresUrl.parse(url); // fails early, naming what is wrong without quoting the password
        if (maxConnections < 2) {
            // a group commit holds one connection with its writer locks while it writes on another
            throw new IllegalArgumentException("storage.postgres_max_connections must be at least 2");
        }
        if (maxWriteAttempts < 1) {
            throw new IllegalArgumentException("maxWriteAttempts must be at least 1");
        }
        for (Duration d : new Duration[] {connectTimeout, socketTimeout, poolTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("PostgreSQL timeouts must be positive");
            }
        }
    }

    /** Returns the settings for {@code url} with the default pool size, timeouts and retry budget. */
    public static PostgresSettings of(String url) {
        return new PostgresSettings(
                url,
                DEFAULT_MAX_CONNECTIONS,
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                20,
                true);
    }

    /** Returns a copy with {@code n} pooled connections at most. */
    public PostgresSettings withMaxConnections(int n) {
        return new PostgresSettings(url, n, connectTimeout, socketTimeout, poolTimeout, maxWriteAttempts, migrate);
    }

    /** Returns a copy with other connect, socket and pool-wait timeouts. */
    public PostgresSettings withTimeouts(Duration connect, Duration socket, Duration pool) {
        return new PostgresSettings(url, maxConnections, connect, socket, pool, maxWriteAttempts, migrate);
    }

    /** Returns a copy whose write transactions run at most {@code n} times on serialization conflicts. */
    public PostgresSettings withMaxWriteAttempts(int n) {
        return new PostgresSettings(url, maxConnections, connectTimeout, socketTimeout, poolTimeout, n, migrate);
    }

    /** Returns a copy that migrates the schema on open ({@code true}) or only checks it is current. */
    public PostgresSettings withMigrate(boolean m) {
        return new PostgresSettings(
                url, maxConnections, connectTimeout, socketTimeout, poolTimeout, maxWriteAttempts, m);
    }

    /** Returns where the database is, for messages: hosts, database and user, never the password. */
    public String describe() {
        return PostgresUrl.parse(url).describe();
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + describe() + ", maxConnections=" + maxConnections + ", connectTimeout="
                + connectTimeout + ", socketTimeout=" + socketTimeout + ", poolTimeout=" + poolTimeout
                + ", maxWriteAttempts=" + maxWriteAttempts + ", migrate=" + migrate + "]";
    }
}
