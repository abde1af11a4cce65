package io.aetherfs.service.analytics;

import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.tooling.ToolCall;
import io.aetherfs.service.tooling.ToolCallStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates a session's analytics from its events and tool calls in one pass, fed in time order.
 *
 * <ul>
 *   <li>Counts are events of the window by type: FILE_WRITTEN (and {@code bytesWritten}, the sum of
 *       their {@code size} detail: a written file's size after the write, not the bytes sent), FILE_DELETED,
 *       CHECKPOINT_CREATED, SESSION_RESTORED, COMMIT_CREATED, MERGE_COMPLETED (merges into this session),
 *       FORK_CREATED (forks of it) and APPROVAL_REQUESTED.
 *   <li>Annotations: ANNOTATION_ADDED events of the window; of those, the ones whose last status in the
 *       window (from ANNOTATION_STATUS_CHANGED, matched by the {@code annotationId} detail) is not resolved
 *       count as open.
 *   <li>Tool calls: those started in the window, failures being TOOL_CALL_STATUS_FAILED.
 *   <li>Activity moments are event times and tool-call start times. {@code activeSeconds} sums the gaps
 *       between consecutive moments of the window that are shorter than {@link #IDLE} (5 minutes): a
 *       longer pause counts as idle. {@code lastActivityAt} is the last moment.
 *   <li>{@code timeToFirstWriteSeconds}: from the session's creation to its first FILE_WRITTEN of the
 *       window.
 * </ul>
 */
final class Tally {
    static final Duration IDLE = Duration.ofMinutes(5);

    private final Instant createdAt;
    private long fileWrites;
    private long fileDeletes;
    private long bytesWritten;
    private long checkpoints;
    private long restores;
    private long commits;
    private long merges;
    private long forks;
    private long approvalRequests;
    private final Map<String, Boolean> annotationsOpen = new HashMap<>();
    private long annotationsWithoutId;
    private long toolCalls;
    private long toolCallFailures;
    private final Map<String, Long> byName = new TreeMap<>();
    private Instant firstWrite;
    private Instant last;
    private long activeNanos;

    Tally(Instant createdAt) {
        this.createdAt = createdAt;
    }

    /** Counts an event and its time as an activity moment. */
    void event(Event e) {
        activity(e.occurredAt());
        switch (e.type()) {
            case FILE_WRITTEN -> {
                fileWrites++;
                if (e.details().get("size") instanceof Number n) {
                    bytesWritten += n.longValue();
                }
                if (firstWrite == null) {
                    firstWrite = e.occurredAt();
                }
            }
            case FILE_DELETED -> fileDeletes++;
            case CHECKPOINT_CREATED -> checkpoints++;
            case SESSION_RESTORED -> restores++;
            case COMMIT_CREATED -> commits++;
            case MERGE_COMPLETED -> merges++;
            case FORK_CREATED -> forks++;
            case APPROVAL_REQUESTED -> approvalRequests++;
            case ANNOTATION_ADDED -> {
                if (e.details().get("annotationId") instanceof String a) {
                    annotationsOpen.put(a, true);
                } else {
                    annotationsWithoutId++;
                }
            }
            case ANNOTATION_STATUS_CHANGED -> {
                if (e.details().get("annotationId") instanceof String a && annotationsOpen.containsKey(a)) {
                    annotationsOpen.put(a, !resolved(e.details()));
                }
            }
            default -> {}
        }
    }

    /** Counts a tool call; its start is an activity moment the caller feeds in order ({@link #activity}). */
    void toolCall(ToolCall c) {
        toolCalls++;
        if (c.status() == ToolCallStatus.FAILED) {
            toolCallFailures++;
        }
        byName.merge(c.toolName(), 1L, Long::sum);
    }

    SessionAnalytics result(SessionId id, Instant windowStart, Instant windowEnd) {
        long open = annotationsOpen.values().stream().filter(o -> o).count() + annotationsWithoutId;
        return new SessionAnalytics(
                id,
                windowStart,
                windowEnd,
                fileWrites,
                fileDeletes,
                bytesWritten,
                checkpoints,
                restores,
                commits,
                merges,
                forks,
                approvalRequests,
                annotationsOpen.size() + annotationsWithoutId,
                open,
                toolCalls,
                toolCallFailures,
                byName,
                firstWrite == null
                        ? null
                        : seconds(Duration.between(createdAt, firstWrite).toNanos()),
                seconds(activeNanos),
                last);
    }

    /** Notes an activity moment; moments come in time order. */
    void activity(Instant t) {
        if (last != null) {
            long gap = Duration.between(last, t).toNanos();
            if (gap > 0 && gap < IDLE.toNanos()) {
                activeNanos += gap;
            }
        }
        if (last == null || t.isAfter(last)) {
            last = t;
        }
    }

    /** Returns whether a status-change event's details name a resolved status ({@code status} or {@code to}). */
    private static boolean resolved(Map<String, Object> d) {
        Object s = d.containsKey("status") ? d.get("status") : d.get("to");
        return s != null && s.toString().endsWith("RESOLVED");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
