package io.aetherfs.service.events;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.SessionAccess;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a session's event log in ascending sequence order. A page scans a bounded number of rows, so a
 * sparse filter may return a short page with a next-page token; clients simply follow it.
 */
public final class EventLog {
    private static final int SCAN_BUDGET = 20_000;

    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;

    public EventLog(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
    }

    public Page<Event> list(Caller caller, SessionId id, EventQuery q, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        if (q.afterSequence() < 0) {
            throw AfsException.invalid("afterSequence must not be negative");
        }
        if (q.startTime() != null && q.endTime() != null && !q.startTime().isBefore(q.endTime())) {
            throw AfsException.invalid("startTime must be before endTime");
        }
        access.load(caller, id);
        int size = tokens.size(page);
        String token = tokens.decode(page, "ListEvents:" + id, q.canonical());
        long after = token != null ? Long.parseLong(token) : q.afterSequence();
        Records<Long, Event> log = engine.records(caller.tenant()).of(EngineRecords.EVENTS, id);
        List<Event> out = new ArrayList<>();
        long scanned = 0;
        long last = after;
        boolean exhausted = false;
        while (out.size() < size && scanned < SCAN_BUDGET) {
            RecordPage<Event> rows = log.list(RecordQuery.<Long>first(500).after(last));
            for (Event e : rows.items()) {
                last = e.sequence();
                scanned++;
                if (q.matches(e)) {
                    out.add(e);
                    if (out.size() == size) {
                        break;
                    }
                }
            }
            if (!rows.more() && out.size() < size) {
                exhausted = true;
                break;
            }
        }
        boolean more = !exhausted && hasAfter(log, last);
        return new Page<>(out, more ? tokens.encode("ListEvents:" + id, q.canonical(), Long.toString(last)) : "");
    }

    private static boolean hasAfter(Records<Long, Event> log, long seq) {
        return !log.list(RecordQuery.<Long>first(1).after(seq)).items().isEmpty();
    }
}
