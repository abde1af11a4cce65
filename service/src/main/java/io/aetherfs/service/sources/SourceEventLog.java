package io.aetherfs.service.sources;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.sources.SourceRecords.ChildKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a source's event stream in ascending sequence order with the filters of session events
 * ({@link EventQuery}); like the session log, a page scans a bounded number of rows.
 */
public final class SourceEventLog {
    private static final int SCAN_BUDGET = 20_000;

    private final Engine engine;
    private final SourceAccess access;
    private final PageTokens tokens;

    SourceEventLog(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SourceAccess(engine);
        this.tokens = new PageTokens(limits);
    }

    public Page<SourceEvent> list(Caller caller, SourceId id, EventQuery q, PageRequest page) {
        caller.require(Scope.SOURCE_READ);
        if (q.afterSequence() < 0) {
            throw AfsException.invalid("afterSequence must not be negative");
        }
        if (q.startTime() != null && q.endTime() != null && !q.startTime().isBefore(q.endTime())) {
            throw AfsException.invalid("startTime must be before endTime");
        }
        access.load(caller, id);
        int size = tokens.size(page);
        String route = "ListSourceEvents:" + id;
        String token = tokens.decode(page, route, q.canonical());
        long last = token != null ? Long.parseLong(token) : q.afterSequence();
        Records<ChildKey, SourceEvent> log = engine.records(caller.tenant()).of(SourceRecords.EVENTS, null);
        List<SourceEvent> out = new ArrayList<>();
        long scanned = 0;
        boolean exhausted = false;
        while (out.size() < size && scanned < SCAN_BUDGET) {
            RecordPage<SourceEvent> rows = after(log, id, last, 500);
            for (SourceEvent e : rows.items()) {
                last = e.sequence();
                scanned++;
                if (q.matches(e.occurredAt(), e.type(), e.path())) {
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
        boolean more = !exhausted && !after(log, id, last, 1).items().isEmpty();
        return new Page<>(out, more ? tokens.encode(route, q.canonical(), Long.toString(last)) : "");
    }

    private static RecordPage<SourceEvent> after(Records<ChildKey, SourceEvent> log, SourceId id, long seq, int limit) {
        return log.list(RecordQuery.<ChildKey>first(limit)
                .after(new ChildKey(id, SourceRecords.seq(seq)))
                .until(ChildKey.end(id)));
    }
}
