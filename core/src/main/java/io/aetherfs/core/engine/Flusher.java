package io.aetherfs.core.engine;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the write-ahead logs of idle sessions into stored tree nodes in the background, so restarts
 * replay little and session state can be evicted cheaply. Folding is an optimisation: the log alone
 * already makes every acknowledged write durable.
 */
final class Flusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);

    private final Engine engine;
    private final Duration idle;
    private final Thread thread;
    private volatile boolean closed;

    Flusher(Engine engine, Duration idle, Duration interval) {
        this.engine = engine;
        this.idle = idle;
        this.thread = Thread.ofVirtual().name("afs-flusher").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(interval);
                    flushAll(false);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("background flush failed", e);
                }
            }
        });
    }

    /** Flushes every loaded session with unfolded ops that has been idle long enough (or all, if forced). */
    void flushAll(boolean force) {
        Instant cutoff = engine.clock().instant().minus(idle);
        for (Map.Entry<SessionCache.Key, SessionState> e :
                engine.sessionCache().cached().entrySet()) {
            SessionState s = e.getValue();
            if (!s.hasUnflushedOps()) {
                continue;
            }
            if (!force && s.session().head().updatedAt().isAfter(cutoff)) {
                continue;
            }
            SessionCache.Key k = e.getKey();
            try {
                engine.execute(k.tenant(), Actor.system(), ctx -> {
                    // re-checked on the state the change runs on: another node may have written meanwhile
                    boolean due = ctx.findSession(k.id())
                            .map(cur -> cur.head().walSeq() > cur.head().rootWal()
                                    && (force || !cur.head().updatedAt().isAfter(cutoff)))
                            .orElse(false);
                    if (due) {
                        ctx.flush(k.id());
                    }
                    return null;
                });
            } catch (AfsException ex) {
                log.warn("flushing session {} failed: {}", k.id(), ex.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
