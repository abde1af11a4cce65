package io.aetherfs.service.files;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.LockGuard;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.session.SessionAccess;
import java.time.Instant;
import java.util.function.Function;

/**
 * The frame every filesystem mutation runs in: scope check, then one change that re-checks the
 * session (visible, ACTIVE), evaluates the caller's preconditions against the latest tree and applies
 * the ops (each recording its own event) through the {@link LockGuard}, which refuses changes to paths
 * locked by others; the view of what was written is built after the change.
 */
final class Mutations {
    private final Engine engine;

    Mutations(Engine engine) {
        this.engine = engine;
    }

    Engine engine() {
        return engine;
    }

    /**
     * Runs {@code body} as one change on an ACTIVE session the caller may see; its tree writes may change
     * paths under collaboration locks only when {@code token} is the lock's (PATH_LOCKED otherwise).
     */
    <T> T run(Caller caller, Scope scope, SessionId id, LockToken token, Function<ChangeContext, T> body) {
        caller.require(scope);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.ACTIVE_ONLY);
            return body.apply(LockGuard.enforcing(ctx, token));
        });
    }

    /** Fails fast (before reading a request body) unless the session can be written now. */
    void precheck(Caller caller, Scope scope, SessionId id) {
        caller.require(scope);
        new SessionAccess(engine).load(caller, id, SessionAccess.ACTIVE_ONLY);
    }

    /** The entry a change wrote, as the change left it: the tree after the op and the entry's path. */
    record Written(DirEntry tree, FsPath path) {}

    /**
     * Runs {@code body} like {@link #run} and returns the view of the entry it wrote, built after the
     * change committed, on the caller's thread: hashing for the answer never holds the committer.
     */
    EntryView write(Caller caller, Scope scope, SessionId id, LockToken token, Function<ChangeContext, Written> body) {
        return view(caller.tenant(), run(caller, scope, id, token, body));
    }

    /** Returns the view of a written entry, read from the immutable tree the change left. */
    EntryView view(TenantId tenant, Written w) {
        Entry e = engine.fileTree(tenant).require(w.tree(), w.path());
        return EntryViews.of(engine.canonical(tenant), w.path(), e, false);
    }

    Canonical canonical(ChangeContext ctx) {
        return ctx.canonical();
    }

    /**
     * Throws STALE_EXPECTED_HASH unless the entry's current hash (content hash, tree hash or target
     * hash) equals {@code expected}; does nothing when none is expected. A missing entry has hash "".
     */
    void expectHash(ChangeContext ctx, FsPath path, Entry current, String expected) {
        if (expected == null || expected.isEmpty()) {
            return;
        }
        if (!Hash.isHex(expected)) {
            throw AfsException.invalid("expectedHash must be 64 lowercase hex characters");
        }
        String now = current == null
                ? ""
                : EntryViews.of(canonical(ctx), path, current, false).hash();
        if (!now.equals(expected)) {
            throw AfsException.of(
                    Reason.STALE_EXPECTED_HASH,
                    "\"" + path + "\" changed: expected hash " + expected.substring(0, 12) + "…, current "
                            + (now.isEmpty() ? "(absent)" : now.substring(0, 12) + "…"),
                    "path",
                    path.value(),
                    "currentHash",
                    now);
        }
    }

    /** Returns the entry at {@code path} in the session's current tree, or null. */
    static Entry current(ChangeContext ctx, SessionId id, FsPath path) {
        return ctx.fileTree().lookup(ctx.tree(id), path).orElse(null);
    }

    /** Returns nanoseconds since the epoch. */
    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Checks permission bits are within 07777. */
    static int mode(Integer mode, int dflt) {
        if (mode == null) {
            return dflt;
        }
        if ((mode & ~07777) != 0 || mode < 0) {
            throw AfsException.invalid("mode must be permission bits within 07777, got " + Integer.toOctalString(mode));
        }
        return mode;
    }
}
