package io.aetherfs.core.engine;

import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Content;

/**
 * The records the engine writes itself and services only read: session records (written through
 * {@link ChangeContext#createSession} and friends) and each session's event log (appended by
 * {@link ChangeContext#appendEvent} and by the events of record writes).
 */
public final class EngineRecords {
    private EngineRecords() {}

    /** Session records of a tenant, by id (ids are time-ordered: a reversed listing is newest first). */
    public static final RecordType<SessionId, Session> SESSIONS = RecordType.<SessionId, Session>builder(
                    "session", RecordLayout.SESSIONS)
            .idPart(SessionId::value)
            .idOf(Session::id)
            .json(Session.class)
            .events(RecordEvent.Rule.none())
            .buildEngineWritten();

    /** A session's event log, by gapless sequence number. */
    public static final RecordType<Long, Event> EVENTS = RecordType.<Long, Event>builder("event", RecordLayout.EVENTS)
            .idPart(KeySpace::hex16)
            .idOf(Event::sequence)
            .json(Event.class)
            .events(RecordEvent.Rule.none())
            .buildEngineWritten();

    /**
     * Content that a session's records keep outside its tree (the raw report of a health report), by a
     * name the service chooses, as JSON {@link Content}: garbage collection keeps its extents while the
     * reference exists and fsck verifies them ({@link StoredLayout#contentRefs}); deleting the reference or
     * the session lets them go. Services write these in the change that stores the record using them, after
     * storing the content's blobs (and its inline extents in that change).
     */
    public static final RecordType<String, Content> CONTENT_REFS = RecordType.<String, Content>builder(
                    "content reference", RecordLayout.CONTENT_REFS)
            .idPart(name -> name)
            .json(Content.class)
            .events(RecordEvent.Rule.none())
            .build();
}
