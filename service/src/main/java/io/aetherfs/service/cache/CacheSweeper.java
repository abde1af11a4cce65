package io.aetherfs.service.cache;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.TenantId;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge cache's background work on each node: every interval it flushes the node's hit and miss
 * counts ({@link CacheCounters}), and every sixth interval it purges expired entries found through the
 * TTL index ({@code t/cache-ttl/}), so
 * dead entries neither pile up nor keep counting against the session's quota. Reads and writes treat an
 * expired entry as absent at once; this only reclaims the space. Every node sweeps; two nodes purging the
 * same entry are two changes, and the second finds nothing to do.
 */
final class CacheSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CacheSweeper.class);
    private static final int PAGE = 200;
    /** Purges run every this many flushes: expired entries are already invisible, so this can be rarer. */
    private static final int PURGE_EVERY_TICKS = 6;

    private final Engine engine;
    private final CacheCounters counters;
    private final Thread thread;
    private volatile boolean closed;

    CacheSweeper(Engine engine, CacheCounters counters, Duration interval) {
        this.engine = engine;
        this.counters = counters;
        this.thread = Thread.ofVirtual().name("afs-cache-sweeper").start(() -> {
            for (long tick = 1; !closed; tick++) {
                try {
                    Thread.sleep(interval);
                    counters.flush();
                    if (tick % PURGE_EVERY_TICKS == 0) {
                        purge();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("cache sweep failed", e);
                }
            }
        });
    }

    /**
     * Purges every entry of every tenant that expired before the current millisecond (the index holds
     * milliseconds, so such entries are certainly expired); returns how many were removed.
     */
    int purge() {
        int removed = 0;
        for (TenantId tenant : engine.tenants()) {
            while (true) {
                List<CacheRecords.Expiry> due = engine.records(tenant)
                        .of(CacheRecords.EXPIRY, null)
                        .list(RecordQuery.<CacheRecords.Expiry>first(PAGE)
                                .until(CacheRecords.dueBy(
                                        engine.clock().instant().minusMillis(1))))
                        .items();
                if (due.isEmpty()) {
                    break;
                }
                try {
                    removed += engine.execute(tenant, Actor.system(), ctx -> {
                        int n = 0;
                        for (CacheRecords.Expiry e : due) {
                            ctx.records(CacheRecords.EXPIRY, null).delete(e);
                            if (ctx.findSession(e.session()).isEmpty()) {
                                continue; // the session's records went with it
                            }
                            CacheTable table = new CacheTable(ctx, e.session(), Long.MAX_VALUE);
                            var m = table.entriesView().get(e.slot());
                            if (m.isPresent() && !m.get().liveAt(ctx.now())) {
                                table.remove(e.slot(), m.get());
                                n++;
                            }
                            table.finish();
                        }
                        return n;
                    });
                } catch (AfsException ex) {
                    log.warn("purging expired cache entries of tenant {} failed: {}", tenant, ex.getMessage());
                    break;
                }
                if (due.size() < PAGE) {
                    break;
                }
            }
        }
        return removed;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
