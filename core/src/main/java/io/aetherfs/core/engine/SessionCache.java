package io.aetherfs.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.TreeEditor;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.util.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The committed sessions this node has loaded: record plus working tree. A miss loads the record,
 * its stored root and the log ops after it, and replays them. Entries only ever move forward: a load
 * racing with a commit never replaces the newer state. Idle entries are evicted; the log makes that
 * safe whether or not they were flushed.
 */
final class SessionCache {
    record Key(TenantId tenant, SessionId id) {}

    private final Cache<Key, SessionState> states;
    private final MetaStore meta;
    private final Function<TenantId, NodeStore> nodes;

    SessionCache(MetaStore meta, Function<TenantId, NodeStore> nodes, long maxSessions, Duration idle) {
        this.meta = meta;
        this.nodes = nodes;
        this.states = Caffeine.newBuilder()
                .maximumSize(maxSessions)
                .expireAfterAccess(idle)
                .build();
    }

    /** Returns the committed state of a session, loading it on a miss; empty if it does not exist. */
    Optional<SessionState> get(TenantId tenant, SessionId id) {
        Key key = new Key(tenant, id);
        SessionState s = states.getIfPresent(key);
        if (s != null) {
            return Optional.of(s);
        }
        Optional<SessionState> loaded = load(tenant, id);
        loaded.ifPresent(l -> publish(tenant, l));
        return loaded.map(l -> states.getIfPresent(key) != null ? states.getIfPresent(key) : l);
    }

    /** Returns the cached state without loading. */
    Optional<SessionState> peek(TenantId tenant, SessionId id) {
        return Optional.ofNullable(states.getIfPresent(new Key(tenant, id)));
    }

    /** Installs a state unless the cache already holds a newer one of the same session. */
    void publish(TenantId tenant, SessionState state) {
        states.asMap().merge(new Key(tenant, state.session().id()), state, (old, neu) -> newer(neu, old) ? neu : old);
    }

    /** Brings a session that another writer changed up to date, or drops it if that fails. */
    void refreshOrDrop(TenantId tenant, SessionId id) {
        try {
            fresh(tenant, id);
        } catch (AfsException e) {
            remove(tenant, id);
        }
    }

    void remove(TenantId tenant, SessionId id) {
        states.invalidate(new Key(tenant, id));
    }

    /** Returns a snapshot of the cached states, for the background flusher. */
    Map<Key, SessionState> cached() {
        return Map.copyOf(states.asMap());
    }

    private static boolean newer(SessionState a, SessionState b) {
        Session.Head ha = a.session().head();
        Session.Head hb = b.session().head();
        if (ha.eventSeq() != hb.eventSeq()) {
            return ha.eventSeq() > hb.eventSeq();
        }
        if (ha.walSeq() != hb.walSeq()) {
            return ha.walSeq() > hb.walSeq();
        }
        return ha.rootWal() >= hb.rootWal();
    }

    /**
     * Returns the session as the store has it now: the cached state if its record is still the stored
     * one (one point read), else the newer state, replaying only the log ops the cache lacks when the
     * stored root did not move. Used when other nodes may change sessions behind this node's cache.
     */
    Optional<SessionState> fresh(TenantId tenant, SessionId id) {
        Key key = new Key(tenant, id);
        SessionState cached = states.getIfPresent(key);
        if (cached == null) {
            return get(tenant, id);
        }
        Optional<SessionState> now = load(tenant, id, cached);
        if (now.isEmpty()) {
            states.asMap().remove(key, cached);
            return now;
        }
        if (now.get() != cached) {
            publish(tenant, now.get());
        }
        return now;
    }

    /** Reads the record and its unfolded log in one snapshot, then replays the log onto the stored root. */
    Optional<SessionState> load(TenantId tenant, SessionId id) {
        return load(tenant, id, null);
    }

    /**
     * Loads the stored state of a session. With a {@code known} state: returns it unchanged if its record
     * is still the stored one, and replays only the newer ops onto its tree if the stored root is the same.
     */
    private Optional<SessionState> load(TenantId tenant, SessionId id, SessionState known) {
        record Raw(byte[] bytes, Session session, DirEntry base, List<TreeOp> ops) {}
        Optional<Raw> raw = meta.read(tx -> tx.get(tenant, KeySpace.session(id)).map(bytes -> {
            if (known != null && java.util.Arrays.equals(bytes, known.recordBytes())) {
                return new Raw(known.recordBytes(), known.session(), known.tree(), List.of());
            }
            Session s = Json.read(bytes, Session.class);
            Session.Head h = s.head();
            boolean extend = known != null
                    && known.session().head().root().equals(h.root())
                    && known.session().head().rootWal() == h.rootWal()
                    && known.session().head().walSeq() <= h.walSeq();
            long from = extend ? known.session().head().walSeq() + 1 : h.rootWal() + 1;
            List<TreeOp> ops = readOps(tx, tenant, id, from, h.walSeq());
            return new Raw(bytes, s, extend ? known.tree() : null, ops);
        }));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Raw r = raw.get();
        if (known != null && r.bytes() == known.recordBytes()) {
            return Optional.of(known);
        }
        DirEntry tree = r.base() != null
                ? r.base()
                : nodes.apply(tenant).loadRoot(r.session().head().root());
        TreeEditor editor = new TreeEditor(new FileTree(nodes.apply(tenant)));
        for (TreeOp op : r.ops()) {
            try {
                tree = editor.apply(tree, op);
            } catch (AfsException e) {
                throw new AfsException(
                        ErrorCode.DATA_LOSS, "replaying the log of session " + id + " failed: " + e.getMessage(), e);
            }
        }
        return Optional.of(new SessionState(r.session(), r.bytes(), tree));
    }

    /** Reads the logged ops {@code from..to} (inclusive) of a session; all of them must exist. */
    private static List<TreeOp> readOps(
            io.aetherfs.core.spi.ReadTx tx, TenantId tenant, SessionId id, long from, long to) {
        List<TreeOp> ops = new ArrayList<>();
        long next = from;
        while (next <= to) {
            List<KeyValue> page = tx.scan(tenant, KeySpace.wal(id, next, to), 1000);
            if (page.isEmpty()) {
                break;
            }
            for (KeyValue kv : page) {
                ops.add(Json.read(kv.value(), TreeOp.class));
            }
            next += page.size();
        }
        long expected = Math.max(0, to - from + 1);
        if (ops.size() != expected) {
            throw new AfsException(
                    ErrorCode.DATA_LOSS,
                    "session " + id + " has " + ops.size() + " of its " + expected
                            + " logged changes; run `afs-server fsck`");
        }
        return ops;
    }
}
