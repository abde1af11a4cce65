package io.aetherfs.service.health;

import io.aetherfs.core.model.SessionId;
import java.time.Instant;
import java.util.Map;

/**
 * The last reported health of a session (spec §6.13): status, summary, free-form details, test counts,
 * and who reported it when. {@code report} describes the raw test-results report kept with it, if any.
 */
public record SessionHealth(
        SessionId sessionId,
        HealthStatus status,
        String summary,
        Map<String, Object> details,
        TestCounts testCounts,
        Instant lastReportedAt,
        String reportedBy,
        RawReport report) {
    public SessionHealth {
        details = details == null ? Map.of() : details;
        testCounts = testCounts == null ? TestCounts.NONE : testCounts;
        summary = summary == null ? "" : summary;
    }

    /** The health of a session nothing was reported for. */
    static SessionHealth unknown(SessionId id) {
        return new SessionHealth(id, HealthStatus.UNKNOWN, "", Map.of(), TestCounts.NONE, null, null, null);
    }

    /**
     * The raw test-results report of the last ReportTestResults: its format, size and SHA-256; its bytes are
     * content of the session kept by the reference {@code EngineRecords.CONTENT_REFS}/{@value HealthRecords#REPORT_REF}.
     */
    public record RawReport(TestResultsFormat format, long sizeBytes, String sha256) {}
}
