package io.aetherfs.service.analytics;

import io.aetherfs.core.model.SessionId;
import java.time.Instant;
import java.util.Map;

/**
 * What a session did over a window (spec §6.13), derived from its event log and tool-call log; see
 * {@link Tally} for how each figure is counted. {@code timeToFirstWriteSeconds} and
 * {@code lastActivityAt} are null when there was no write or no activity in the window.
 */
public record SessionAnalytics(
        SessionId sessionId,
        Instant windowStart,
        Instant windowEnd,
        long fileWrites,
        long fileDeletes,
        long bytesWritten,
        long checkpointCount,
        long restoreCount,
        long commitCount,
        long mergeCount,
        long forkCount,
        long approvalRequests,
        long annotationCount,
        long openAnnotationCount,
        long toolCallCount,
        long toolCallFailures,
        Map<String, Long> toolCallsByName,
        Double timeToFirstWriteSeconds,
        double activeSeconds,
        Instant lastActivityAt) {
    public SessionAnalytics {
        toolCallsByName = Map.copyOf(toolCallsByName);
    }
}
