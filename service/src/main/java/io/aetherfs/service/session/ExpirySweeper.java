package io.aetherfs.service.session;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.KeySpace;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyValue;
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
        for (TenantId tenant : engine.meta().tenants()) {
            List<KeyValue> due = engine.meta()
                    .read(tx ->
                            tx.scan(tenant, KeySpace.expiredBy(engine.clock().instant()), 500));
            for (KeyValue kv : due) {
                SessionId id = new SessionId(kv.key().substring(kv.key().lastIndexOf('/') + 1));
                try {
                    boolean gone = engine.execute(tenant, Actor.system(), ctx -> {
                        ctx.delete(kv.key());
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
