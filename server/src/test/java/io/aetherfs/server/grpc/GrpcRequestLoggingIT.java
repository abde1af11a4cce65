package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.testkit.Await;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The gRPC access log and call metrics (spec §13.3): one line per call, a failed call's reason in it. */
class GrpcRequestLoggingIT {
    @RegisterExtension
    final GrpcServerExtension grpc = GrpcServerExtension.perTest(GrpcTestServer::new);

    private final GrpcTestServer server = grpc.server();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.aetherfs.server.grpc.access");
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
        before = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
        logger.setLevel(before);
    }

    private List<ILoggingEvent> logged() {
        synchronized (lines) {
            return List.copyOf(lines.list);
        }
    }

    private ILoggingEvent awaitLine(String route, String code) {
        Await.until(
                Duration.ofSeconds(5),
                "an access line for " + route + " " + code,
                () -> line(route, code).isPresent(),
                this::logged);
        return line(route, code).orElseThrow();
    }

    private Optional<ILoggingEvent> line(String route, String code) {
        return logged().stream()
                .filter(e -> route.equals(e.getMDCPropertyMap().get("route"))
                        && code.equals(e.getMDCPropertyMap().get("code")))
                .findFirst();
    }

    @Test
    void failedCall_logsItsReasonAndCountsItsCode() throws Exception {
        GrpcTestServer.Stubs alice = server.as("alice");
        String session = GrpcTestCalls.newSession(alice);
        GrpcTestCalls.write(alice, session, "f.txt", "one");

        GrpcTestCalls.assertFails(
                () -> GrpcTestCalls.write(
                        alice,
                        WriteFileHeader.newBuilder()
                                .setSessionId(session)
                                .setPath("f.txt")
                                .setExpectedHash("0".repeat(64))
                                .build(),
                        "two".getBytes(StandardCharsets.UTF_8)),
                Status.Code.FAILED_PRECONDITION,
                "STALE_EXPECTED_HASH");

        ILoggingEvent e = awaitLine("/aetherfs.v1.FileSystemService/WriteFile", "FAILED_PRECONDITION");
        assertThat(e.getMDCPropertyMap())
                .containsEntry("reason", "STALE_EXPECTED_HASH")
                .containsEntry("tenant", GrpcTestServer.TENANT)
                .containsEntry("principal", "alice");
        assertThat(e.getFormattedMessage()).contains("STALE_EXPECTED_HASH").doesNotContain(session);
        ILoggingEvent ok = awaitLine("/aetherfs.v1.FileSystemService/WriteFile", "OK");
        assertThat(ok.getMDCPropertyMap()).doesNotContainKey("reason");
        assertThat(server.registry
                        .get("afs.grpc.requests")
                        .tags("service", "aetherfs.v1.FileSystemService", "method", "WriteFile", "code", "OK")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(server.registry
                        .get("afs.grpc.requests")
                        .tags("method", "WriteFile", "code", "FAILED_PRECONDITION")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
