package io.aetherfs.service.session;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes sessions whose {@code expiresAt} has passed (spec §8.7; no approval check), from an index. */
public final class ExpirySweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final Engine engine;
    private final Thread thread;
    private volatile boolean closed;

    public ExpirySweeper(Engine engine, Duration interval) {
        this.engine = engine;
        this.thread = Thread.ofVirtual().name("afs-expiry").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(interval);
                    sweep();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("expiry sweep failed", e);
                }
            }
        });
    }

    /** Deletes every session of every tenant that is due; returns how many were deleted. */
    public int sweep() {
        int deleted = 0;
        for (TenantId tenant : engine.tenants()) {
            List<SessionRecords.Expiry> due = engine.records(tenant)
                    .of(SessionRecords.EXPIRY, null)
                    .list(RecordQuery.<SessionRecords.Expiry>first(500)
                            .until(SessionRecords.dueAfter(engine.clock().instant())))
                    .items();
            for (SessionRecords.Expiry entry : due) {
                SessionId id = entry.session();
                try {
                    boolean gone = engine.execute(tenant, Actor.system(), ctx -> {
                        ctx.records(SessionRecords.EXPIRY, null).delete(entry);
                        return ctx.findSession(id)
                                .filter(s -> s.settings().expiresAt() != null
                                        && !s.settings().expiresAt().isAfter(ctx.now()))
                                .map(s -> {
                                    SessionService.remove(ctx, s);
                                    return true;
                                })
                                .orElse(false);
                    });
                    deleted += gone ? 1 : 0;
                } catch (AfsException e) {
                    log.warn("expiring session {} failed: {}", id, e.getMessage());
                }
            }
        }
        return deleted;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
