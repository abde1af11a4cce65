package io.aetherfs.service.locks;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Blocking lock acquisition: retries when this node releases a lock on the path (woken at once) or
 * every 100 ms (locks released elsewhere or expiring), until the deadline.
 */
final class LockWaiters {
    private static final long POLL_MS = 100;

    private record Key(TenantId tenant, SessionId session, FsPath path) {}

    private final Map<Key, Object> monitors = new ConcurrentHashMap<>();

    <T> T retry(TenantId tenant, SessionId id, FsPath path, long waitMs, Supplier<T> attempt) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        Object monitor = monitors.computeIfAbsent(new Key(tenant, id, path), k -> new Object());
        while (true) {
            try {
                return attempt.get();
            } catch (AfsException e) {
                if (e.reason() != Reason.LOCK_CONFLICT) {
                    throw e;
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AfsException(
                        ErrorCode.DEADLINE_EXCEEDED, "\"" + path + "\" stayed locked for " + waitMs + " ms");
            }
            synchronized (monitor) {
                try {
                    monitor.wait(Math.min(POLL_MS, left));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AfsException(ErrorCode.CANCELLED, "lock wait cancelled");
                }
            }
        }
    }

    void wake(TenantId tenant, SessionId id, FsPath path) {
        Object monitor = monitors.get(new Key(tenant, id, path));
        if (monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }
}
