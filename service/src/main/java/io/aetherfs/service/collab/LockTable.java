package io.aetherfs.service.collab;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.LockId;
import io.aetherfs.core.model.SessionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The locks of one session as a change sees them, and the one place that writes them: every write keeps
 * the expiry index and the session's {@code locksUntil} in step with the records and appends the lock
 * event in the same change.
 */
final class LockTable {
    /** Live locks a session may hold at once (our choice; the spec names no limit). */
    static final int MAX_LOCKS = 1000;

    private static final int PAGE = 256;

    private LockTable() {}

    /** Returns every stored lock of the session, expired ones included, in id order. */
    static List<FileLock> all(ChangeContext ctx, SessionId id) {
        return all(ctx.records(LockRecords.LOCKS, id));
    }

    /** Returns every lock of a view of a session's locks, in id order. */
    static List<FileLock> all(Records<LockId, FileLock> records) {
        List<FileLock> out = new ArrayList<>();
        RecordQuery<LockId> q = RecordQuery.first(PAGE);
        while (true) {
            RecordPage<FileLock> page = records.list(q);
            out.addAll(page.items());
            if (!page.more()) {
                return out;
            }
            q = q.after(page.items().getLast().id());
        }
    }

    /** Returns the session's live locks; none, without reading them, when its record says it holds none. */
    static List<FileLock> live(ChangeContext ctx, SessionId id) {
        Instant now = ctx.now();
        if (!ctx.session(id).mayHaveLiveLocks(now)) {
            return List.of();
        }
        return all(ctx, id).stream().filter(l -> l.liveAt(now)).toList();
    }

    /** Stores a new lock and records LOCK_ACQUIRED. */
    static void acquire(ChangeContext ctx, SessionId id, FileLock lock) {
        store(ctx, id, lock);
        Map<String, Object> d = details(lock);
        d.put("expiresAt", lock.expiresAt().toString());
        if (lock.reason() != null) {
            d.put("reason", lock.reason());
        }
        ctx.appendEvent(id, EventType.LOCK_ACQUIRED, lock.path().value(), d);
    }

    /** Moves a lock's expiry and records LOCK_RENEWED. */
    static FileLock renew(ChangeContext ctx, SessionId id, FileLock lock, Instant expiresAt) {
        ctx.records(LockRecords.EXPIRY, null).delete(LockRecords.expiryOf(id, lock));
        FileLock renewed = lock.expiringAt(expiresAt);
        store(ctx, id, renewed);
        Map<String, Object> d = details(renewed);
        d.put("expiresAt", expiresAt.toString());
        ctx.appendEvent(id, EventType.LOCK_RENEWED, lock.path().value(), d);
        return renewed;
    }

    /**
     * Removes a lock and records why: LOCK_RELEASED, LOCK_FORCE_RELEASED or LOCK_EXPIRED, with {@code extra}
     * details (a force-unlock's comment).
     */
    static void end(ChangeContext ctx, SessionId id, FileLock lock, EventType why, Map<String, Object> extra) {
        ctx.records(LockRecords.LOCKS, id).delete(lock.id());
        ctx.records(LockRecords.EXPIRY, null).delete(LockRecords.expiryOf(id, lock));
        Instant now = ctx.now();
        Instant until = all(ctx, id).stream()
                .filter(l -> l.liveAt(now))
                .map(FileLock::expiresAt)
                .max(Instant::compareTo)
                .orElse(null);
        ctx.updateSession(id, s -> s.withLocksUntil(until));
        Map<String, Object> d = details(lock);
        d.putAll(extra);
        ctx.appendEvent(id, why, lock.path().value(), d);
    }

    /** The details every lock event carries: the lock and its holder. */
    static Map<String, Object> details(FileLock lock) {
        Map<String, Object> d = new HashMap<>();
        d.put("lockId", lock.id().value());
        d.put("owner", lock.owner());
        return d;
    }

    private static void store(ChangeContext ctx, SessionId id, FileLock lock) {
        ctx.records(LockRecords.LOCKS, id).put(lock);
        ctx.records(LockRecords.EXPIRY, null).put(LockRecords.expiryOf(id, lock));
        Instant now = ctx.now();
        ctx.updateSession(
                id,
                s -> s.withLocksUntil(
                        s.mayHaveLiveLocks(now) && s.locksUntil().isAfter(lock.expiresAt())
                                ? s.locksUntil()
                                : lock.expiresAt()));
    }
}
