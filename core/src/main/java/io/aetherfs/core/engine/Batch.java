package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
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
 */
final class Batch {
    final Overlay kv = new Overlay();
    final Map<SessionCache.Key, Working> sessions = new LinkedHashMap<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    final ReadSet reads = new ReadSet();

    /** Thrown inside the store transaction when another writer changed a session this batch read. */
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
     * Verifies no other writer changed a touched session (or, with several nodes, anything else the
     * batch read) since this batch read it, then writes everything. Throws {@link Conflict} naming the
     * sessions that changed underneath.
     */
    void writeTo(WriteTx tx, Map<SessionCache.Key, byte[]> records) {
        List<SessionCache.Key> conflicts = new ArrayList<>();
        sessions.forEach((k, w) -> {
            Optional<byte[]> stored = tx.get(k.tenant(), KeySpace.session(k.id()));
            byte[] expected = w.base() == null ? null : w.base().recordBytes();
            boolean same =
                    expected == null ? stored.isEmpty() : stored.isPresent() && Arrays.equals(stored.get(), expected);
            if (!same) {
                conflicts.add(k);
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

    /** Returns the working state of a session touched by an earlier change of this batch, or null. */
    Working find(TenantId tenant, SessionId id) {
        return sessions.get(new SessionCache.Key(tenant, id));
    }
}
