package io.aetherfs.service.events;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.KeySpace;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.util.Json;
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
        KeyRange all = KeySpace.events(id);
        List<Event> out = new ArrayList<>();
        long scanned = 0;
        long last = after;
        boolean exhausted = false;
        while (out.size() < size && scanned < SCAN_BUDGET) {
            KeyRange r = KeyRange.of(KeySpace.event(id, last + 1), all.to());
            List<KeyValue> rows = engine.meta().read(tx -> tx.scan(caller.tenant(), r, 500));
            for (KeyValue kv : rows) {
                Event e = Json.read(kv.value(), Event.class);
                last = e.sequence();
                scanned++;
                if (q.matches(e)) {
                    out.add(e);
                    if (out.size() == size) {
                        break;
                    }
                }
            }
            if (rows.size() < 500 && out.size() < size) {
                exhausted = true;
                break;
            }
        }
        boolean more = !exhausted && hasAfter(caller, id, last);
        return new Page<>(out, more ? tokens.encode("ListEvents:" + id, q.canonical(), Long.toString(last)) : "");
    }

    private boolean hasAfter(Caller caller, SessionId id, long seq) {
        KeyRange r =
                KeyRange.of(KeySpace.event(id, seq + 1), KeySpace.events(id).to());
        return !engine.meta().read(tx -> tx.scan(caller.tenant(), r, 1)).isEmpty();
    }
}
