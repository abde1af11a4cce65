package io.aetherfs.service.health;

import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.EventType;
import java.util.HashMap;
import java.util.Map;

/**
 * The stored kind of session health: one record per session ({@code r/{session}/health/current}, JSON),
 * replaced by every report, which records HEALTH_REPORTED with the status and the test counts. The raw
 * bytes of a test-results report are content of the session under the content reference
 * {@value #REPORT_REF}, so garbage collection keeps them while the record points at them.
 */
final class HealthRecords {
    /** The id of a session's one health record. */
    static final String CURRENT = "current";
    /** The name of the content reference holding the raw test-results report. */
    static final String REPORT_REF = "health-report";

    private HealthRecords() {}

    static final RecordType<String, SessionHealth> HEALTH = RecordType.<String, SessionHealth>builder(
                    "health", RecordLayout.perSession("health"))
            .idPart(id -> id)
            .json(SessionHealth.class)
            .events(HealthRecords::event)
            .build();

    private static RecordEvent event(SessionHealth before, SessionHealth after) {
        if (after == null) {
            return null;
        }
        Map<String, Object> d = new HashMap<>();
        d.put("status", "STATUS_" + after.status().name());
        TestCounts c = after.testCounts();
        if (c.total() > 0) {
            d.put("total", c.total());
            d.put("failed", c.failed());
            d.put("errors", c.errors());
        }
        if (after.report() != null) {
            d.put("format", "TEST_RESULTS_FORMAT_" + after.report().format().name());
        }
        return RecordEvent.of(EventType.HEALTH_REPORTED, null, d);
    }
}
