package io.aetherfs.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The test PostgreSQL: one shared cluster per JVM, fresh isolated databases, private clusters that restart. */
class PostgresTestServerTest {
    @Test
    void shared_createDatabase_givesFreshIsolatedDatabasesOnLoopback() throws SQLException {
        PostgresTestServer server = PostgresTestServer.shared();
        assertThat(PostgresTestServer.shared()).isSameAs(server);
        String first = server.createDatabase("Some Test!");
        String second = server.createDatabase("Some Test!");
        assertThat(first).startsWith("jdbc:postgresql://127.0.0.1:" + server.port() + "/afs_some_test_");
        assertThat(second).isNotEqualTo(first);
        execute(first, "CREATE TABLE t (x int)");
        assertThat(query(second, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"))
                .isEqualTo("0");
        assertThat(query(first, "SHOW fsync")).isEqualTo("off");
        assertThatThrownBy(server::stop).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startPrivate_stopAndStart_keepsPortAndData() throws SQLException {
        try (PostgresTestServer server = PostgresTestServer.startPrivate()) {
            String url = server.createDatabase("restart");
            execute(url, "CREATE TABLE kept (x int)");
            int port = server.port();
            server.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(url).close()).isInstanceOf(SQLException.class);
            server.start();
            assertThat(server.port()).isEqualTo(port);
            assertThat(query(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'kept'"))
                    .isEqualTo("1");
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
