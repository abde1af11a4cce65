package io.aetherfs.service.health;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.session.SessionAccess;
import java.util.HashMap;
import java.util.Map;

/**
 * Session health (spec §8.14): reports set it as given; test results set it from a binary-safe report of
 * at most 16 MiB, parsed when it is JUnit XML (counts and failing test names; FAILING iff failures +
 * errors > 0). The raw report is stored as content of the session (extents in the blob store, small ones
 * inline), referenced from the session's content references so GC keeps it; the next report replaces it.
 * Reports are metadata writes and record HEALTH_REPORTED in the same change.
 */
public final class HealthReports {
    /** The largest test-results report (spec §8.14). */
    public static final int MAX_REPORT_BYTES = 16 * 1024 * 1024;

    private static final int MAX_SUMMARY_CHARS = 4096;

    private final Engine engine;
    private final SessionAccess access;

    public HealthReports(Engine engine) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
    }

    /** Returns the session's health; STATUS_UNKNOWN with nothing else until the first report. */
    public SessionHealth get(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        return engine.records(caller.tenant())
                .of(HealthRecords.HEALTH, id)
                .get(HealthRecords.CURRENT)
                .orElseGet(() -> SessionHealth.unknown(id));
    }

    /** Sets the session's health to {@code status} (null: unknown) with a summary and details; no test counts. */
    public SessionHealth report(
            Caller caller, SessionId id, HealthStatus status, String summary, Map<String, Object> details) {
        caller.require(Scope.SESSION_WRITE);
        checkSummary(summary);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            SessionHealth h = new SessionHealth(
                    id,
                    status == null ? HealthStatus.UNKNOWN : status,
                    summary,
                    details,
                    TestCounts.NONE,
                    ctx.now(),
                    caller.principal(),
                    null);
            ctx.records(HealthRecords.HEALTH, id).put(HealthRecords.CURRENT, h);
            ctx.records(EngineRecords.CONTENT_REFS, id).delete(HealthRecords.REPORT_REF);
            return h;
        });
    }

    /**
     * Sets the session's health from a test-results report: JUnit XML is parsed (its status is derived and
     * {@code status} ignored), other formats take {@code status} (null: unknown). The raw bytes are kept.
     */
    public SessionHealth reportTestResults(
            Caller caller, SessionId id, TestResultsFormat format, byte[] data, HealthStatus status, String summary) {
        caller.require(Scope.SESSION_WRITE);
        if (format == null) {
            throw AfsException.invalid("format is required");
        }
        if (data.length > MAX_REPORT_BYTES) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    "test results are " + data.length + " bytes; reports are limited to " + MAX_REPORT_BYTES + " bytes",
                    "limit",
                    Integer.toString(MAX_REPORT_BYTES));
        }
        checkSummary(summary);
        access.load(caller, id, SessionAccess.METADATA_WRITABLE);
        HealthStatus derived = status == null ? HealthStatus.UNKNOWN : status;
        TestCounts counts = TestCounts.NONE;
        Map<String, Object> details = new HashMap<>();
        String text = summary;
        if (format == TestResultsFormat.JUNIT_XML) {
            JunitXml.Result r = JunitXml.parse(data);
            counts = r.counts();
            derived = counts.failing() ? HealthStatus.FAILING : HealthStatus.PASSING;
            details.put("failingTests", r.failing());
            if (r.truncated()) {
                details.put("failingTestsTruncated", true);
            }
            if (text == null || text.isEmpty()) {
                text = counts.total() + " tests: " + counts.passed() + " passed, " + counts.failed() + " failed, "
                        + counts.skipped() + " skipped, " + counts.errors() + " errors";
            }
        }
        Prepared content = engine.content(caller.tenant()).write(data); // blobs are durable before the change
        SessionHealth.RawReport raw =
                new SessionHealth.RawReport(format, data.length, Hash.of(data).hex());
        HealthStatus finalStatus = derived;
        TestCounts finalCounts = counts;
        String finalSummary = text;
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            content.inline().forEach(ctx::storeInline);
            ctx.records(EngineRecords.CONTENT_REFS, id).put(HealthRecords.REPORT_REF, content.content());
            SessionHealth h = new SessionHealth(
                    id, finalStatus, finalSummary, details, finalCounts, ctx.now(), caller.principal(), raw);
            ctx.records(HealthRecords.HEALTH, id).put(HealthRecords.CURRENT, h);
            return h;
        });
    }

    private static void checkSummary(String summary) {
        if (summary != null && summary.length() > MAX_SUMMARY_CHARS) {
            throw AfsException.invalid("summary is longer than " + MAX_SUMMARY_CHARS + " characters");
        }
    }
}
