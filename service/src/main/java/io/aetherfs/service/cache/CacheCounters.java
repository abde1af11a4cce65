package io.aetherfs.service.cache;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's hit and miss counts of cache gets, per session, not yet added to the session's stored
 * counts ({@link CacheRecords#HITS}). Counting in memory keeps every get a pure read; {@link #flush()}
 * (run every few seconds by {@link CacheSweeper}) adds them to the stored counts in one short store
 * transaction per session, which is serializable, so nodes flushing the same session add up. Counts of a
 * session deleted meanwhile are dropped. A node that dies loses at most its unflushed counts.
 */
final class CacheCounters {
    private final Engine engine;
    private final ConcurrentHashMap<Key, long[]> pending = new ConcurrentHashMap<>();

    CacheCounters(Engine engine) {
        this.engine = engine;
    }

    private record Key(TenantId tenant, SessionId session) {}

    /** Counts {@code hits} hits and {@code misses} misses of a session's gets. */
    void count(TenantId tenant, SessionId session, long hits, long misses) {
        if (hits == 0 && misses == 0) {
            return;
        }
        pending.compute(new Key(tenant, session), (k, v) -> {
            long[] c = v == null ? new long[2] : v;
            c[0] += hits;
            c[1] += misses;
            return c;
        });
    }

    /** Returns this node's unflushed {hits, misses} of a session. */
    long[] unflushed(TenantId tenant, SessionId session) {
        long[] out = new long[2];
        pending.computeIfPresent(new Key(tenant, session), (k, c) -> {
            out[0] = c[0];
            out[1] = c[1];
            return c;
        });
        return out;
    }

    /** Adds every session's unflushed counts to its stored counts; a failed flush keeps them for the next. */
    void flush() {
        for (Key k : List.copyOf(pending.keySet())) {
            long[] taken = new long[2];
            pending.computeIfPresent(k, (key, c) -> {
                taken[0] = c[0];
                taken[1] = c[1];
                return null;
            });
            try {
                store(k, taken);
            } catch (AfsException e) {
                count(k.tenant(), k.session(), taken[0], taken[1]);
                throw e;
            }
        }
    }

    private void store(Key k, long[] add) {
        engine.records(k.tenant()).write(tx -> {
            if (tx.records(EngineRecords.SESSIONS, null).get(k.session()).isEmpty()) {
                return null; // deleted: its records are gone, and a new one must not appear
            }
            var hits = tx.records(CacheRecords.HITS, k.session());
            CacheRecords.Hits cur = hits.get(CacheRecords.ALL).orElse(new CacheRecords.Hits(0, 0));
            hits.put(CacheRecords.ALL, new CacheRecords.Hits(cur.hits() + add[0], cur.misses() + add[1]));
            return null;
        });
    }
}
