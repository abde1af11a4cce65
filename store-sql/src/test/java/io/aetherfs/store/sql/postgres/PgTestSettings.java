package io.aetherfs.store.sql.postgres;

import io.aetherfs.testkit.servers.PostgresTestServer;
import java.time.Duration;

/** Settings and databases for the PostgreSQL tests: short timeouts, so a failure shows within seconds. */
final class PgTestSettings {
    private PgTestSettings() {}

    /** Returns test settings for {@code jdbcUrl}. */
    static PostgresSettings of(String jdbcUrl) {
        return PostgresSettings.of(jdbcUrl)
                .withMaxConnections(12)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(3));
    }

    /** Returns test settings for a fresh database on the shared test cluster. */
    static PostgresSettings freshDatabase(String hint) {
        return of(PostgresTestServer.shared().createDatabase(hint));
    }
}
