package io.aetherfs.store.sql.postgres;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.spi.Notifier;
import io.aetherfs.core.spi.Notifier.Notice;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PgNotifier beyond the contract: surviving killed connections, and the payload format. */
class PgNotifierTest {
    @Test
    void listenConnectionTerminated_reconnectsAndDeliversLaterNoticesInOrder() throws Exception {
        assertSurvivesTermination(PgNotifier.LISTEN_APPLICATION_NAME);
    }

    @Test
    void publishConnectionTerminated_laterNoticesStillArriveInOrder() throws Exception {
        assertSurvivesTermination(PgNotifier.PUBLISH_APPLICATION_NAME);
    }

    private static void assertSurvivesTermination(String applicationName) throws Exception {
        PostgresSettings settings = PgTestSettings.freshDatabase("terminate");
        try (PgNotifier notifier = PgNotifier.open(settings);
                Connection admin = DriverManager.getConnection(settings.url())) {
            BlockingQueue<Notice> inbox = new LinkedBlockingQueue<>();
            notifier.subscribe(n -> {
                if (n.stream().equals("s")) {
                    inbox.add(n);
                }
            });
            notifier.publish(new Notice(TENANT_A, "s", 1));
            assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo(new Notice(TENANT_A, "s", 1));

            assertThat(terminate(admin, applicationName))
                    .as("backends terminated")
                    .isEqualTo(1);
            Notice first = publishUntilReceived(notifier, inbox, "s", 2);
            assertThat(first).as("a notice after the reconnect").isNotNull();
            long from = first.sequence() + 1_000_000;
            for (long i = from; i < from + 50; i++) {
                notifier.publish(new Notice(TENANT_A, "s", i));
            }
            for (long i = from; i < from + 50; i++) {
                Notice n = inbox.poll(10, TimeUnit.SECONDS);
                assertThat(n).isNotNull();
                if (n.sequence() < from) {
                    i--; // a late copy of a probe published while reconnecting
                    continue;
                }
                assertThat(n.sequence()).isEqualTo(i);
            }
            // The reconnected connection is a new backend with the same application name.
            assertThat(backends(admin, applicationName)).isEqualTo(1);
        }
    }

    /**
     * Publishes notices on {@code stream} with rising sequences from {@code from}, one every 100 ms, until
     * one arrives (notices published while a connection is being replaced may be lost); returns it, or
     * null after 20 s.
     */
    static Notice publishUntilReceived(Notifier notifier, BlockingQueue<Notice> inbox, String stream, long from)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long seq = from; System.nanoTime() < deadline; seq++) {
            notifier.publish(new Notice(TENANT_A, stream, seq));
            Notice n = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    @Test
    void payload_roundTripsAndStaysFarBelowTheNotifyLimit() {
        Notice longest = new Notice(TENANT_C, "x".repeat(Notifier.MAX_STREAM_CHARS), Long.MIN_VALUE);
        String payload = NoticePayload.encode(longest);
        assertThat(payload).startsWith("1 " + TENANT_C.value() + " " + Long.MIN_VALUE + " ");
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(300);
        assertThat(NoticePayload.decode(payload)).isEqualTo(longest);
        Notice odd = new Notice(TENANT_A, "bus/'quoted\"/\\", 42);
        assertThat(NoticePayload.decode(NoticePayload.encode(odd))).isEqualTo(odd);
    }

    @Test
    void payload_ofAnotherFormat_isRejected() {
        for (String bad : new String[] {
            "2 " + TENANT_A.value() + " 1 s", "1 not-a-tenant 1 s", "1 " + TENANT_A.value() + " x s", "", "1"
        }) {
            assertThatThrownBy(() -> NoticePayload.decode(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static int terminate(Connection admin, String applicationName) throws SQLException {
        try (PreparedStatement ps =
                admin.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = ? AND datname = current_database()")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int backends(Connection admin, String applicationName) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
