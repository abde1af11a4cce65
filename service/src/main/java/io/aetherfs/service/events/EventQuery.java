package io.aetherfs.service.events;

import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import java.time.Instant;
import java.util.Set;

/**
 * Filters of ListEvents (spec §8.12): occurredAt in [startTime, endTime), any of {@code types},
 * sequence after {@code afterSequence}, and {@code path} exact or a prefix ending in '*'. Session and
 * source streams share them.
 */
public record EventQuery(Instant startTime, Instant endTime, Set<EventType> types, long afterSequence, String path) {
    public EventQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    boolean matches(Event e) {
        return matches(e.occurredAt(), e.type(), e.path());
    }

    /** Returns whether an event of any stream (a session's or a source's) with these fields passes. */
    public boolean matches(Instant occurredAt, EventType type, String eventPath) {
        if (startTime != null && occurredAt.isBefore(startTime)) {
            return false;
        }
        if (endTime != null && !occurredAt.isBefore(endTime)) {
            return false;
        }
        if (!types.isEmpty() && !types.contains(type)) {
            return false;
        }
        if (path != null && !path.isEmpty()) {
            String p = eventPath == null ? "" : eventPath;
            String want = path.startsWith("/") ? path.substring(1) : path;
            return want.endsWith("*") ? p.startsWith(want.substring(0, want.length() - 1)) : p.equals(want);
        }
        return true;
    }

    /** Returns a canonical text of the filters, to bind page tokens to them. */
    public String canonical() {
        return startTime + "|" + endTime + "|" + new java.util.TreeSet<>(types) + "|" + afterSequence + "|" + path;
    }
}
