package io.aetherfs.service.collab;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.LockId;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileTree;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enforces collaboration locks on tree writes (spec §8.9): a write that changes a path covered by a live
 * lock fails with PATH_LOCKED unless it carries that lock's token. Every write path runs its change
 * through {@link #enforcing} (the file, batch, restore, merge and sync services), so the check is made in
 * one place, inside the change, against the latest locks.
 *
 * <p>A write is judged by what it does, not by the paths it names: after the op, each live lock's path
 * is looked up in the tree before and after, and any difference is a change to it. So a write through a
 * hard link, a rename or recursive removal of an ancestor, an attribute or xattr change, and a restore,
 * merge or sync that touches the path are all caught, and a write beside a locked path is not. The cost
 * is paid only by sessions with live locks: {@link LockTable#live} answers from the session record the
 * change has already read when it has none.
 */
public final class LockGuard {
    private final LockToken token;
    private final boolean bypass;
    private final Set<LockId> bypassed = new HashSet<>();
    /** The live locks of each session this change writes, read once: a change never changes locks. */
    private final Map<SessionId, List<FileLock>> live = new HashMap<>();

    private LockGuard(LockToken token, boolean bypass) {
        this.token = token;
        this.bypass = bypass;
    }

    /**
     * Returns {@code ctx} with its tree writes refused (PATH_LOCKED) when they change a path locked by a
     * lock other than the one {@code token} holds ({@code token} null: any lock).
     */
    public static ChangeContext enforcing(ChangeContext ctx, LockToken token) {
        return new GuardedChange(ctx, new LockGuard(token, false));
    }

    /**
     * Returns {@code ctx} with its tree writes applied over every lock, recording LOCK_BYPASSED once per
     * lock they change, in the same change (spec §8.9: mount writeback cannot carry tokens).
     */
    public static ChangeContext bypassing(ChangeContext ctx) {
        return new GuardedChange(ctx, new LockGuard(null, true));
    }

    /** Checks a change of session {@code id}'s tree from {@code before} to {@code after}. */
    void check(ChangeContext ctx, SessionId id, DirEntry before, DirEntry after) {
        if (before == after) {
            return;
        }
        for (FileLock lock : live.computeIfAbsent(id, s -> LockTable.live(ctx, s))) {
            if (lock.heldWith(token) || !changed(ctx.fileTree(), before, after, lock)) {
                continue;
            }
            if (!bypass) {
                throw pathLocked(lock);
            }
            if (bypassed.add(lock.id())) {
                Map<String, Object> d = LockTable.details(lock);
                if (ctx.actor().mountWorkerId() != null) {
                    d.put("mountWorkerId", ctx.actor().mountWorkerId());
                }
                ctx.appendEvent(id, EventType.LOCK_BYPASSED, lock.path().value(), d);
            }
        }
    }

    /** Returns the PATH_LOCKED error for a write to a path {@code lock} covers. */
    static AfsException pathLocked(FileLock lock) {
        return AfsException.of(
                Reason.PATH_LOCKED,
                "\"" + lock.path() + "\" is locked by " + lock.owner() + " until " + lock.expiresAt() + " (" + lock.id()
                        + "); pass the lock's token as lockToken or the x-aetherfs-lock-token header",
                "path",
                lock.path().value(),
                "lockId",
                lock.id().value(),
                "owner",
                lock.owner(),
                "expiresAt",
                lock.expiresAt().toString());
    }

    private static boolean changed(FileTree tree, DirEntry before, DirEntry after, FileLock lock) {
        Entry a = tree.lookup(before, lock.path()).orElse(null);
        Entry b = tree.lookup(after, lock.path()).orElse(null);
        return !same(a, b);
    }

    /** Returns whether two entries are the same: a directory by its attributes and children's content. */
    private static boolean same(Entry a, Entry b) {
        if (a == b) {
            return true;
        }
        if (a instanceof DirEntry da && b instanceof DirEntry db) {
            return da.attrs().equals(db.attrs()) && da.children().sameAs(db.children());
        }
        return a != null && a.equals(b);
    }
}
