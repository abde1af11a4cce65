package io.aetherfs.service.collab;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired collaboration locks and records LOCK_EXPIRED (spec §8.9), from the tenant's expiry
 * index, without waiting for a request. Each removal is one change that reads the lock again: when
 * several nodes sweep the same store, the first change to commit removes the lock and the others find
 * it gone (or rerun after losing to it), so a lock's expiry is recorded exactly once. An expired lock is
 * ignored by every check before this removes it.
 */
public final class LockSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LockSweeper.class);

    private final Engine engine;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts sweeping every {@code interval} on a virtual thread. */
    public LockSweeper(Engine engine, Duration interval) {
        this.engine = engine;
        this.thread = Thread.ofVirtual().name("afs-lock-expiry").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(interval);
                    sweep();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!closed) { // a sweep cut short by close() failed on purpose
                        log.warn("lock expiry sweep failed", e);
                    }
                }
            }
        });
    }

    /** Removes every due lock of every tenant; returns how many expirations this call recorded. */
    public int sweep() {
        int expired = 0;
        for (TenantId tenant : engine.tenants()) {
            List<LockRecords.Expiry> due = engine.records(tenant)
                    .of(LockRecords.EXPIRY, null)
                    .list(RecordQuery.<LockRecords.Expiry>first(500)
                            .until(LockRecords.dueAfter(engine.clock().instant())))
                    .items();
            for (LockRecords.Expiry entry : due) {
                try {
                    expired += expire(tenant, entry) ? 1 : 0;
                } catch (AfsException e) {
                    log.warn(
                            "expiring lock {} of session {} failed: {}", entry.lock(), entry.session(), e.getMessage());
                }
            }
        }
        return expired;
    }

    /** Removes one due lock if it is still there and still expired; returns whether it did. */
    private boolean expire(TenantId tenant, LockRecords.Expiry entry) {
        return engine.execute(tenant, Actor.system(), ctx -> {
            ctx.records(LockRecords.EXPIRY, null).delete(entry);
            if (ctx.findSession(entry.session()).isEmpty()) {
                return false; // the session was deleted, and its locks with it
            }
            FileLock lock = ctx.records(LockRecords.LOCKS, entry.session())
                    .get(entry.lock())
                    .orElse(null);
            if (lock == null || lock.liveAt(ctx.now())) {
                if (lock != null) {
                    ctx.records(LockRecords.EXPIRY, null).put(LockRecords.expiryOf(entry.session(), lock));
                }
                return false; // released meanwhile, or renewed (its index entry moved with it)
            }
            LockTable.end(
                    ctx,
                    entry.session(),
                    lock,
                    EventType.LOCK_EXPIRED,
                    Map.of("expiresAt", lock.expiresAt().toString()));
            return true;
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
