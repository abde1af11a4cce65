package io.aetherfs.store.sql.postgres;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.spi.Notifier.Notice;
import io.aetherfs.testkit.Await;
import io.aetherfs.testkit.servers.PostgresTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The store and the notifier when PostgreSQL is unreachable: calls fail fast with UNAVAILABLE naming the
 * server (never the password), and both recover once the server is back. Runs on a private cluster
 * that the test stops and starts.
 */
class PostgresOutageTest {
    private static final String PASSWORD = "hunter2-never-shown";
    private static PostgresTestServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresTestServer.startPrivate();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Settings with a password in the URL (the trust-auth test server ignores it). */
    private static PostgresSettings settings(String jdbcUrl) {
        return PgTestSettings.of(jdbcUrl + "&password=" + PASSWORD)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    @Test
    void open_nothingListening_throwsUnavailableNamingHostAndPortWithoutThePassword() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/afs?user=afs";
        assertUnavailableFast(() -> PostgresMetaStore.open(settings(url)), "127.0.0.1:" + port);
        assertUnavailableFast(() -> PgNotifier.open(settings(url)), "127.0.0.1:" + port);
    }

    @Test
    void serverStopped_callsFailFastWithUnavailable_andWorkAgainAfterRestart() throws Exception {
        PostgresSettings settings = settings(server.createDatabase("outage"));
        String where = "127.0.0.1:" + server.port();
        try (PostgresMetaStore store = PostgresMetaStore.open(settings);
                PgNotifier notifier = PgNotifier.open(settings)) {
            BlockingQueue<Notice> inbox = new LinkedBlockingQueue<>();
            notifier.subscribe(inbox::add);
            put(store, "before", "1");
            server.stop();
            try {
                assertUnavailableFast(() -> put(store, "during", "x"), where);
                assertUnavailableFast(() -> store.read(tx -> tx.get(TENANT_A, "before")), where);
                assertUnavailableFast(store::checkHealth, where);
                notifier.publish(new Notice(TENANT_A, "outage", 1)); // queued or lost, never thrown
            } finally {
                server.start();
            }
            // The pool replaces its broken connections; the first calls may still meet one.
            AtomicReference<AfsException> last = new AtomicReference<>();
            Await.until(
                    Duration.ofSeconds(30),
                    "a write after the restart",
                    () -> {
                        try {
                            put(store, "after", "2");
                            return true;
                        } catch (AfsException e) {
                            last.set(e);
                            return false;
                        }
                    },
                    last::get);
            store.checkHealth();
            Optional<byte[]> before = store.read(tx -> tx.get(TENANT_A, "before"));
            Optional<byte[]> during = store.read(tx -> tx.get(TENANT_A, "during"));
            assertThat(before).isPresent();
            assertThat(during).isEmpty();
            // The notifier reconnects both of its connections by itself; notices published later arrive.
            assertThat(PgNotifierTest.publishUntilReceived(notifier, inbox, "outage", 100))
                    .as("a notice after the restart")
                    .isNotNull();
        }
    }

    private static void put(PostgresMetaStore store, String key, String value) {
        store.write(tx -> {
            tx.put(TENANT_A, key, utf8(value));
            return null;
        });
    }

    private static void assertUnavailableFast(Executable call, String where) {
        long start = System.nanoTime();
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(AfsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains(where).doesNotContain(PASSWORD);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
            }
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
