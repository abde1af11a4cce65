package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import io.aetherfs.core.util.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes of one group commit: their combined key-value writes, the sessions they touched, and
 * what to run once the single transaction that stores them all has committed.
 *
 * <p>Every session a change of the batch looks at is pinned at its first lookup, from this node's
 * cache: all changes of the batch see the same committed state of it, and the batch stands only if
 * every pinned session, read or written, is still in that state in the store: checked inside the
 * transaction that stores the batch, or, when several nodes share the store and the batch wrote
 * nothing, by one read (a failure judged on a stale cache must not reach the caller).
 */
final class Batch {
    final Overlay kv = new Overlay();
    final Map<SessionCache.Key, Working> sessions = new LinkedHashMap<>();
    /** Trees stored by the batch's changes so far, by tenant and root id. */
    final Map<Caches.Key, io.aetherfs.core.tree.DirEntry> storedRoots = new java.util.HashMap<>();
    /** The committed state of each session looked up by a change of this batch (empty: absent). */
    private final Map<SessionCache.Key, Optional<SessionState>> pinned = new LinkedHashMap<>();

    final List<Runnable> afterCommit = new ArrayList<>();
    final ReadSet reads = new ReadSet();

    /** Thrown inside the store transaction when another writer changed something this batch read. */
    static final class Conflict extends RuntimeException {
        final List<SessionCache.Key> sessions;

        Conflict(List<SessionCache.Key> sessions) {
            super("concurrent update of " + sessions, null, false, false);
            this.sessions = sessions;
        }
    }

    /** Adds a successful change's effects. */
    void absorb(UnitContext unit) {
        kv.absorb(unit.kv);
        unit.sessions.forEach((id, w) -> sessions.put(new SessionCache.Key(unit.tenant(), id), w));
        afterCommit.addAll(unit.afterCommit);
        unit.storedRoots.forEach((root, tree) -> storedRoots.put(new Caches.Key(unit.tenant(), root), tree));
        if (unit.reads != null) {
            reads.absorb(unit.reads);
        }
    }

    boolean isEmpty() {
        return kv.isEmpty() && sessions.isEmpty();
    }

    /** Returns the record bytes to store for each touched session (null: delete). */
    Map<SessionCache.Key, byte[]> records() {
        Map<SessionCache.Key, byte[]> out = new LinkedHashMap<>();
        sessions.forEach((k, w) -> out.put(k, w.deleted() ? null : Json.write(w.current())));
        return out;
    }

    /**
     * Returns the committed state of a session as this batch sees it, or null if it does not exist: the
     * state pinned by an earlier lookup, else the one in {@code engine}'s cache, pinned from now on.
     */
    SessionState pinned(Engine engine, TenantId tenant, SessionId id) {
        return pinned.computeIfAbsent(new SessionCache.Key(tenant, id), k -> engine.sessionCache()
                        .get(tenant, id))
                .orElse(null);
    }

    boolean hasPins() {
        return !pinned.isEmpty();
    }

    /** Returns the pinned sessions whose stored record is no longer the pinned one. */
    List<SessionCache.Key> stalePins(ReadTx tx) {
        List<SessionCache.Key> stale = new ArrayList<>();
        pinned.forEach((k, state) -> {
            if (!stillStored(tx, k, state.orElse(null))) {
                stale.add(k);
            }
        });
        return stale;
    }

    /**
     * Verifies no other writer changed a session this batch looked up (or, with several nodes, anything
     * else the batch read) since it was pinned, then writes everything. Throws {@link Conflict} naming
     * the sessions that changed underneath.
     */
    void writeTo(WriteTx tx, Map<SessionCache.Key, byte[]> records) {
        List<SessionCache.Key> conflicts = stalePins(tx);
        sessions.forEach((k, w) -> {
            if (!pinned.containsKey(k) && !stillStored(tx, k, w.base())) {
                conflicts.add(k); // created by this batch, without a lookup before
            }
        });
        if (!conflicts.isEmpty() || !reads.isEmpty() && !reads.stillValid(tx)) {
            throw new Conflict(conflicts);
        }
        kv.writeTo(tx);
        records.forEach((k, bytes) -> {
            if (bytes == null) {
                tx.delete(k.tenant(), KeySpace.session(k.id()));
            } else {
                tx.put(k.tenant(), KeySpace.session(k.id()), bytes);
            }
        });
    }

    /** Returns whether the stored record of a session is still {@code base}'s (absent for null). */
    private static boolean stillStored(ReadTx tx, SessionCache.Key k, SessionState base) {
        Optional<byte[]> stored = tx.get(k.tenant(), KeySpace.session(k.id()));
        return base == null ? stored.isEmpty() : stored.isPresent() && Arrays.equals(stored.get(), base.recordBytes());
    }

    /** Returns the working state of a session touched by an earlier change of this batch, or null. */
    Working find(TenantId tenant, SessionId id) {
        return sessions.get(new SessionCache.Key(tenant, id));
    }
}
