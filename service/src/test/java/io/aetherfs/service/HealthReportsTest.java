package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.gc.GarbageCollector;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.health.HealthStatus;
import io.aetherfs.service.health.SessionHealth;
import io.aetherfs.service.health.TestCounts;
import io.aetherfs.service.health.TestResultsFormat;
import io.aetherfs.service.page.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session health (spec §8.14): reports, JUnit XML parsing and its safety, and keeping the raw report. */
class HealthReportsTest {
    private final Fixture f = new Fixture();
    private final SessionId id = f.newSession();

    @AfterEach
    void close() {
        f.close();
    }

    private SessionHealth junit(String xml) {
        return f.services
                .health()
                .reportTestResults(
                        f.alice, id, TestResultsFormat.JUNIT_XML, xml.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private Event lastEvent() {
        return f.services
                .events()
                .list(f.alice, id, new EventQuery(null, null, null, 0, null), new PageRequest(1000, ""))
                .items()
                .getLast();
    }

    @Test
    void get_beforeAnyReport_isUnknown_thenAReportSetsIt_andRecordsHealthReported() {
        assertThat(f.services.health().get(f.alice, id).status()).isEqualTo(HealthStatus.UNKNOWN);

        f.services.health().report(f.alice, id, HealthStatus.PASSING, "all good", Map.of("build", "42"));

        SessionHealth h = f.services.health().get(f.alice, id);
        assertThat(h.status()).isEqualTo(HealthStatus.PASSING);
        assertThat(h.details()).containsEntry("build", "42");
        assertThat(h.reportedBy()).isEqualTo("alice");
        assertThat(lastEvent().type()).isEqualTo(EventType.HEALTH_REPORTED);
        assertThat(lastEvent().details()).containsEntry("status", "STATUS_PASSING");
    }

    @Test
    void junit_testsuites_countsEveryCase_andNamesTheFailingOnes() {
        SessionHealth h = junit("""
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites>
                  <testsuite name="a" tests="3">
                    <testcase classname="pkg.A" name="ok"/>
                    <testcase classname="pkg.A" name="bad"><failure message="x">trace</failure></testcase>
                    <testcase classname="pkg.A" name="skip"><skipped/></testcase>
                  </testsuite>
                  <testsuite name="b">
                    <testcase classname="pkg.B" name="boom"><error type="NPE"/></testcase>
                    <testcase name="plain"><system-out>hi</system-out></testcase>
                  </testsuite>
                </testsuites>
                """);

        assertThat(h.testCounts()).isEqualTo(new TestCounts(5, 2, 1, 1, 1));
        assertThat(h.status()).isEqualTo(HealthStatus.FAILING);
        assertThat(h.details().get("failingTests")).isEqualTo(List.of("pkg.A.bad", "pkg.B.boom"));
        assertThat(h.summary()).isEqualTo("5 tests: 2 passed, 1 failed, 1 skipped, 1 errors");
    }

    @Test
    void junit_bareTestsuite_withoutFailures_isPassing_andCountsFromAttributesWhenItHasNoCases() {
        assertThat(junit("<testsuite tests=\"2\"><testcase name=\"a\"/><testcase name=\"b\"/></testsuite>")
                        .status())
                .isEqualTo(HealthStatus.PASSING);
        SessionHealth h = junit("<testsuite tests=\"10\" failures=\"0\" errors=\"0\" skipped=\"3\"/>");
        assertThat(h.testCounts()).isEqualTo(new TestCounts(10, 7, 0, 3, 0));
        assertThat(h.status()).isEqualTo(HealthStatus.PASSING);
    }

    @Test
    void junit_unparsable_isInvalidArgument_withLineAndColumn() {
        AfsException e = Errors.code(
                ErrorCode.INVALID_ARGUMENT, () -> junit("<testsuite>\n  <testcase name=\"a\">\n</testsuite>"));
        assertThat(e.getMessage()).contains("line 3").contains("column");
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> junit("<html/>"));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> junit(""));
        assertThat(f.services.health().get(f.alice, id).status()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void junit_externalEntities_areRefused_withoutReadingTheFile() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <testsuite><testcase name="&xxe;"/></testsuite>
                """;

        AfsException e = Errors.code(ErrorCode.INVALID_ARGUMENT, () -> junit(xxe));

        assertThat(e.getMessage()).doesNotContain("root:");
    }

    @Test
    void junit_billionLaughs_isRefusedQuickly() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            String prev = i == 1 ? "lol" : "lol" + (i - 1);
            dtd.append(("&" + prev + ";").repeat(10)).append("\">\n");
        }
        dtd.append("]>\n<testsuite><testcase name=\"&lol9;\"/></testsuite>");
        long start = System.nanoTime();

        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> junit(dtd.toString()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void otherFormats_takeTheGivenStatus_defaultUnknown_andOversizeIsRefused() {
        byte[] binary = {0, (byte) 0xff, 1, 2, (byte) 0x80};
        assertThat(f.services
                        .health()
                        .reportTestResults(f.alice, id, TestResultsFormat.TEXT, binary, HealthStatus.FAILING, "x")
                        .status())
                .isEqualTo(HealthStatus.FAILING);
        assertThat(f.services
                        .health()
                        .reportTestResults(
                                f.alice, id, TestResultsFormat.JSON, "{}".getBytes(StandardCharsets.UTF_8), null, null)
                        .status())
                .isEqualTo(HealthStatus.UNKNOWN);
        Errors.reason(Reason.PAYLOAD_TOO_LARGE, () -> f.services
                .health()
                .reportTestResults(f.alice, id, TestResultsFormat.TEXT, new byte[16 * 1024 * 1024 + 1], null, null));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> f.services.health().reportTestResults(f.alice, id, null, binary, null, null));
    }

    @Test
    void rawReport_isKeptByGarbageCollection_untilTheNextReportReplacesIt() {
        InMemoryMetaStore meta = new InMemoryMetaStore();
        io.aetherfs.testkit.TestClock blobClock =
                new io.aetherfs.testkit.TestClock(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        InMemoryBlobStore blobs = new InMemoryBlobStore(blobClock);
        try (Fixture g = new Fixture(meta, blobs, BusSettings.DEFAULT)) {
            SessionId s = g.newSession();
            byte[] report = new byte[200_000];
            new java.util.Random(7).nextBytes(report);
            g.services.health().reportTestResults(g.alice, s, TestResultsFormat.TEXT, report, null, null);
            Hash blob = Hash.of(report);
            GarbageCollector gc = new GarbageCollector(meta, blobs, g.clock, Duration.ofHours(1));
            g.clock.advance(Duration.ofHours(2));
            blobClock.advance(Duration.ofHours(2));

            gc.run();
            assertThat(stored(blobs, g, blob)).isTrue();

            g.services.health().report(g.alice, s, HealthStatus.PASSING, null, null);
            g.clock.advance(Duration.ofHours(2));
            blobClock.advance(Duration.ofHours(2));
            gc.run();
            assertThat(stored(blobs, g, blob)).isFalse();
        }
    }

    private static boolean stored(BlobStore blobs, Fixture g, Hash h) {
        return blobs.stat(g.alice.tenant(), h).isPresent();
    }
}
