package io.aetherfs.service.tooling;

import java.time.Instant;

/**
 * Filters of ListToolCalls, ANDed: an exact {@code toolName}, a {@code status}, and {@code startedAt} in
 * [{@code startTime}, {@code endTime}); null means no filter.
 */
public record ToolCallQuery(String toolName, ToolCallStatus status, Instant startTime, Instant endTime) {
    /** The query without filters. */
    public static final ToolCallQuery ALL = new ToolCallQuery(null, null, null, null);

    boolean matches(ToolCall c) {
        return (toolName == null || toolName.equals(c.toolName())) && (status == null || status == c.status());
    }

    String canonical() {
        return toolName + "|" + status + "|" + startTime + "|" + endTime;
    }
}
