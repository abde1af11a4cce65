package io.aetherfs.service.locks;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.files.FileRanges;
import io.aetherfs.service.session.SessionAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Advisory POSIX byte-range locks and BSD flocks (spec §8.9): kept per path in the metadata store and
 * changed atomically, so they hold across server nodes. They are not tree mutations and record no events.
 */
public final class PosixLocks {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final long DEFAULT_WAIT_MS = 30_000;
    public static final long MAX_WAIT_MS = 300_000;

    private final Engine engine;
    private final LockWaiters waiters = new LockWaiters();

    public PosixLocks(Engine engine) {
        this.engine = engine;
    }

    /** Returns the first lock that would block the described lock, if any (F_GETLK). */
    public Optional<PosixLock> get(
            Caller caller,
            SessionId id,
            FsPath path,
            String owner,
            int pid,
            PosixLock.Kind kind,
            long start,
            long length) {
        check(caller, owner, start, length);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            long end = length == 0 ? Long.MAX_VALUE : start + length;
            return live(ctx, id, path).stream()
                    .filter(l -> !l.flock()
                            && !l.sameOwner(owner, pid)
                            && kind != PosixLock.Kind.UNLOCK
                            && l.blocks(kind, start, end))
                    .findFirst();
        });
    }

    /** Sets (or with UNLOCK releases) a byte-range lock; LOCK_CONFLICT when another owner's lock blocks it. */
    public PosixLock set(
            Caller caller,
            SessionId id,
            FsPath path,
            String owner,
            int pid,
            PosixLock.Kind kind,
            long start,
            long length,
            Duration lease) {
        check(caller, owner, start, length);
        PosixLock result = engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            List<PosixLock> locks = live(ctx, id, path);
            long end = length == 0 ? Long.MAX_VALUE : start + length;
            if (kind != PosixLock.Kind.UNLOCK) {
                for (PosixLock l : locks) {
                    if (!l.flock() && !l.sameOwner(owner, pid) && l.blocks(kind, start, end)) {
                        throw conflict(path);
                    }
                }
            }
            List<PosixLock> next = Ranges.carve(locks, owner, pid, start, end);
            PosixLock lock = new PosixLock(
                    path.value(), owner, pid, kind, start, length, ctx.now().plus(lease), false);
            if (kind != PosixLock.Kind.UNLOCK) {
                next.add(lock);
            }
            save(ctx, id, path, next);
            return lock;
        });
        waiters.wake(caller.tenant(), id, path);
        return result;
    }

    /** Sets a lock, waiting up to {@code waitMs} (default 30 s, max 300 s) for conflicting locks to go. */
    public PosixLock setBlocking(
            Caller caller,
            SessionId id,
            FsPath path,
            String owner,
            int pid,
            PosixLock.Kind kind,
            long start,
            long length,
            Duration lease,
            long waitMs) {
        long wait = waitMs <= 0 ? DEFAULT_WAIT_MS : waitMs;
        if (wait > MAX_WAIT_MS) {
            throw AfsException.invalid("waitTimeoutMs is at most " + MAX_WAIT_MS);
        }
        return waiters.retry(
                caller.tenant(), id, path, wait, () -> set(caller, id, path, owner, pid, kind, start, length, lease));
    }

    /** Takes a whole-file shared or exclusive flock; with {@code nonBlocking} fails at once on conflict. */
    public void flock(
            Caller caller, SessionId id, FsPath path, String owner, int pid, boolean exclusive, boolean nonBlocking) {
        check(caller, owner, 0, 0);
        Runnable attempt = () -> {
            engine.execute(caller.tenant(), caller.actor(), ctx -> {
                SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
                List<PosixLock> locks = live(ctx, id, path);
                PosixLock.Kind kind = exclusive ? PosixLock.Kind.WRITE : PosixLock.Kind.READ;
                List<PosixLock> next = new ArrayList<>();
                for (PosixLock l : locks) {
                    if (l.flock() && l.sameOwner(owner, pid)) {
                        continue; // converting our own flock
                    }
                    if (l.flock() && l.blocks(kind, 0, Long.MAX_VALUE)) {
                        throw conflict(path);
                    }
                    next.add(l);
                }
                next.add(new PosixLock(
                        path.value(), owner, pid, kind, 0, 0, ctx.now().plus(DEFAULT_LEASE), true));
                save(ctx, id, path, next);
                return null;
            });
            waiters.wake(caller.tenant(), id, path);
        };
        if (nonBlocking) {
            attempt.run();
        } else {
            waiters.retry(caller.tenant(), id, path, MAX_WAIT_MS, () -> {
                attempt.run();
                return null;
            });
        }
    }

    /** Releases the owner's flock on a path (no error if none is held). */
    public void funlock(Caller caller, SessionId id, FsPath path, String owner, int pid) {
        check(caller, owner, 0, 0);
        engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            List<PosixLock> next = new ArrayList<>(live(ctx, id, path));
            next.removeIf(l -> l.flock() && l.sameOwner(owner, pid));
            save(ctx, id, path, next);
            return null;
        });
        waiters.wake(caller.tenant(), id, path);
    }

    private static void check(Caller caller, String owner, long start, long length) {
        caller.require(Scope.FILESYSTEM_METADATA);
        if (owner == null || owner.isEmpty() || owner.length() > 256) {
            throw AfsException.invalid("owner.ownerId must be 1 to 256 characters");
        }
        FileRanges.end("the lock range (start, length)", start, length);
    }

    private static AfsException conflict(FsPath path) {
        return AfsException.of(
                Reason.LOCK_CONFLICT, "\"" + path + "\" is locked by another owner", "path", path.value());
    }

    /** Returns the unexpired locks of a path. */
    private static List<PosixLock> live(ChangeContext ctx, SessionId id, FsPath path) {
        Instant now = ctx.now();
        return ctx.records(LockRecords.TABLES, id).get(path).orElse(List.of()).stream()
                .filter(l -> l.expiresAt().isAfter(now))
                .toList();
    }

    private static void save(ChangeContext ctx, SessionId id, FsPath path, List<PosixLock> locks) {
        if (locks.isEmpty()) {
            ctx.records(LockRecords.TABLES, id).delete(path);
        } else {
            ctx.records(LockRecords.TABLES, id).put(path, locks);
        }
    }

    /** Drops every advisory lock of the session inside {@code ctx} (archive releases hot state, spec §8.6). */
    public static void releaseAll(ChangeContext ctx, SessionId id) {
        var tables = ctx.records(LockRecords.TABLES, id);
        io.aetherfs.core.engine.RecordQuery<FsPath> q = io.aetherfs.core.engine.RecordQuery.first(256);
        while (true) {
            var page = tables.list(q);
            FsPath last = null;
            for (List<PosixLock> table : page.items()) {
                last = FsPath.parse(table.getFirst().path());
                tables.delete(last);
            }
            if (!page.more() || last == null) {
                return;
            }
            q = q.after(last);
        }
    }
}
