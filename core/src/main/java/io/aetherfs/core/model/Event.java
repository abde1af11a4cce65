package io.aetherfs.core.model;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a session's event log: gapless per-session sequence, appended in the same transaction
 * as the state change it records. {@code details} holds JSON-compatible values (strings, numbers,
 * booleans, lists and maps).
 */
public record Event(
        EventId eventId,
        SessionId sessionId,
        long sequence,
        EventType type,
        Actor actor,
        Instant occurredAt,
        String path,
        Map<String, Object> details) {
    public Event {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
