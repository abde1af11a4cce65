package io.aetherfs.store.sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of storage.postgres_url: credentials kept apart from the URL the driver and the logs see. */
class PostgresUrlTest {
    @Test
    void parse_libpqUri_splitsCredentialsFromTheJdbcUrl() {
        PostgresUrl url = PostgresUrl.parse("postgresql://afs:p%40ss:word@db1.example:5433/meta?sslmode=require");
        assertThat(url.user()).isEqualTo("afs");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db1.example:5433/meta?sslmode=require");
        assertThat(url.describe()).isEqualTo("db1.example:5433/meta as afs");
    }

    @Test
    void parse_jdbcUrlWithCredentialParameters_removesThemFromTheUrl() {
        PostgresUrl url =
                PostgresUrl.parse("jdbc:postgresql://h1:5432,h2:5432/afs?user=node&password=s3cr%2Bt&ssl=true");
        assertThat(url.user()).isEqualTo("node");
        assertThat(url.password()).isEqualTo("s3cr+t");
        assertThat(url.params()).containsExactly("ssl=true");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/afs?ssl=true");
        assertThat(url.toString()).doesNotContain("s3cr");
    }

    @Test
    void parse_minimalUri_defaultsHostAndDatabase() {
        PostgresUrl url = PostgresUrl.parse("postgres://");
        assertThat(url.hosts()).isEqualTo("localhost");
        assertThat(url.database()).isEqualTo("postgres");
        assertThat(url.user()).isNull();
        assertThat(PostgresUrl.parse("postgres://afs@/").database()).isEqualTo("afs");
    }

    @Test
    void parse_otherScheme_throwsWithoutQuotingTheUrl() {
        for (String bad : List.of("mysql://u:hunter2@h/db", "hunter2", "jdbc:sqlite:/tmp/hunter2")) {
            assertThatThrownBy(() -> PostgresUrl.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("postgresql://")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void settings_toStringAndDescribe_neverShowThePassword() {
        PostgresSettings s = PostgresSettings.of("postgresql://afs:hunter2@127.0.0.1:5432/afs");
        assertThat(s.toString()).contains("127.0.0.1:5432/afs as afs").doesNotContain("hunter2");
        assertThat(s.describe()).doesNotContain("hunter2");
        assertThat(s.maxConnections()).isEqualTo(PostgresSettings.DEFAULT_MAX_CONNECTIONS);
        assertThat(s.migrate()).isTrue();
    }

    @Test
    void settings_invalidValues_areRejected() {
        PostgresSettings s = PostgresSettings.of("postgresql://h/db");
        assertThatThrownBy(() -> s.withMaxConnections(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withMaxWriteAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withTimeouts(java.time.Duration.ZERO, s.socketTimeout(), s.poolTimeout()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
