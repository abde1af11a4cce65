package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aetherfs.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The HTTP access line of an error names its ErrorInfo reason, so operators can tell 409s apart. */
class AccessLogIT {
    private static final String TENANT = "ac0e5510-0000-4000-8000-00000000a11e";
    private static final String ZERO_HASH = "0".repeat(64);

    @TempDir
    Path dir;

    private InProcessServer server;
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.aetherfs.server.http.access");
    private Level before;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing(); // take the MDC on the logging thread
            super.append(e);
        }
    };

    @BeforeEach
    void start() {
        server = InProcessServer.start(dir, Map.of());
        before = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
        logger.setLevel(before);
        server.close();
    }

    private ILoggingEvent awaitLine(String requestId) {
        Await.until(Duration.ofSeconds(5), "an access line for request " + requestId, () -> line(requestId)
                .isPresent());
        return line(requestId).orElseThrow();
    }

    private Optional<ILoggingEvent> line(String requestId) {
        synchronized (lines) {
            return lines.list.stream()
                    .filter(e -> requestId.equals(e.getMDCPropertyMap().get("requestId")))
                    .findFirst();
        }
    }

    @Test
    void staleExpectedHashAndIfMatch_areLoggedWithTheirReason() throws Exception {
        ApiClient api = server.client(TENANT, "alice");
        String s = api.newSession("logged");
        byte[] body = "text".getBytes(StandardCharsets.UTF_8);
        api.put("/v1/sessions/" + s + "/files?path=f.txt", body, "x-request-id", "ok-1");
        api.put("/v1/sessions/" + s + "/files?path=f.txt&expectedHash=" + ZERO_HASH, body, "x-request-id", "stale-1");
        api.put(
                "/v1/sessions/" + s + "/files?path=f.txt",
                body,
                "If-Match",
                "\"" + ZERO_HASH + "\"",
                "x-request-id",
                "stale-2");

        ILoggingEvent ok = awaitLine("ok-1");
        assertThat(ok.getMDCPropertyMap()).containsEntry("code", "200").doesNotContainKey("reason");
        ILoggingEvent stale = awaitLine("stale-1");
        assertThat(stale.getMDCPropertyMap())
                .containsEntry("code", "409")
                .containsEntry("reason", "STALE_EXPECTED_HASH");
        assertThat(stale.getFormattedMessage())
                .contains("409 STALE_EXPECTED_HASH")
                .doesNotContain(s);
        assertThat(awaitLine("stale-2").getMDCPropertyMap())
                .containsEntry("code", "412")
                .containsEntry("reason", "STALE_EXPECTED_HASH");
    }
}
