package io.aetherfs.service.usage;

import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;

/** The stored kinds of usage accounting: hourly traffic buckets and the lifetimes of deleted sessions. */
final class UsageRecords {
    private UsageRecords() {}

    /**
     * A tenant's API traffic per hour ({@code t/usage/{hour:016x}}, the hour's start in epoch hours),
     * added to by every node's periodic flush; bookkeeping, so no events.
     */
    static final RecordType<Long, HourUsage> HOURS = RecordType.<Long, HourUsage>builder(
                    "usage hour", RecordLayout.perTenant("usage"))
            .idPart(RecordType::ordered)
            .idOf(HourUsage::hour)
            .json(HourUsage.class)
            .events(RecordEvent.Rule.none())
            .build();

    /**
     * Deleted sessions by end time ({@code t/session-end/{endedAt millis:016x}/{session}}), written in the
     * deletion's change so usage still counts the hours they existed; no events of their own.
     */
    static final RecordType<String, EndedSession> ENDED = RecordType.<String, EndedSession>builder(
                    "ended session", RecordLayout.perTenant("session-end"))
            .idPart(id -> id)
            .idOf(e -> key(e))
            .json(EndedSession.class)
            .events(RecordEvent.Rule.none())
            .build();

    /** Returns the id of an ended session: its end time, ordered, then its id. */
    static String key(EndedSession e) {
        return RecordType.ordered(e.endedAt().toEpochMilli()) + "/"
                + e.sessionId().value();
    }
}
