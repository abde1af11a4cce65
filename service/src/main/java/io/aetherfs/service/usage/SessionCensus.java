package io.aetherfs.service.usage;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the session records of the store as they are committed (whichever node wrote them), a page at
 * a time: for the operator gauge {@code afs_sessions{status}} and the usage report. Each call scans
 * every record it covers, so callers cache what they derive.
 */
public final class SessionCensus {
    private static final int PAGE = 1000;

    private final Engine engine;

    public SessionCensus(Engine engine) {
        this.engine = engine;
    }

    /** Returns how many sessions each status has, over every tenant of the store. */
    public Map<SessionStatus, Long> byStatus() {
        Map<SessionStatus, Long> out = new EnumMap<>(SessionStatus.class);
        for (SessionStatus s : SessionStatus.values()) {
            out.put(s, 0L);
        }
        for (TenantId t : engine.tenants()) {
            forEach(t, s -> out.merge(s.status(), 1L, Long::sum));
        }
        return out;
    }

    /** Calls {@code each} with every session record of a tenant, in id (creation) order. */
    public void forEach(TenantId tenant, Consumer<Session> each) {
        Records<SessionId, Session> sessions = engine.records(tenant).of(EngineRecords.SESSIONS, null);
        SessionId after = null;
        while (true) {
            RecordPage<Session> page =
                    sessions.list(RecordQuery.<SessionId>first(PAGE).after(after));
            page.items().forEach(each);
            if (!page.more() || page.items().isEmpty()) {
                return;
            }
            after = page.items().getLast().id();
        }
    }
}
