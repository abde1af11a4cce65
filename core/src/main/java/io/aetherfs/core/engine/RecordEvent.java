package io.aetherfs.core.engine;

import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import java.util.Map;

/**
 * The event a record write appends to a session's log, in the same change as the write. {@code session}
 * is null for the session whose records are written (the usual case) and names the session for kinds
 * that live beside the sessions.
 */
public record RecordEvent(SessionId session, EventType type, String path, Map<String, Object> details) {
    public RecordEvent {
        details = details == null ? Map.of() : details;
    }

    /** Returns an event for the session the record belongs to. */
    public static RecordEvent of(EventType type, String path, Map<String, Object> details) {
        return new RecordEvent(null, type, path, details);
    }

    /**
     * Derives the event of one write of a kind of record: {@code before} is null when the record is
     * created, {@code after} is null when it is deleted. Returns null when the write records nothing.
     */
    @FunctionalInterface
    public interface Rule<R> {
        RecordEvent derive(R before, R after);

        /** The rule of kinds whose writes are part of another operation's event (indexes, bookkeeping). */
        @SuppressWarnings("unchecked")
        static <R> Rule<R> none() {
            return (Rule<R>) NONE;
        }
    }

    /** The one instance of {@link Rule#none()}, so writes of such kinds skip reading the record first. */
    static final Rule<Object> NONE = (before, after) -> null;
}
