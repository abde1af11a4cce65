package io.aetherfs.core.engine;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.DirtyNodes;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.NodeCodec;
import io.aetherfs.core.tree.TreeEditor;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.util.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The {@link ChangeContext} of one change: its own buffered writes over its batch's. */
final class UnitContext implements ChangeContext {
    /** Flush inline once this many logged ops are unfolded, bounding replay work after a crash. */
    static final long MAX_UNFOLDED_OPS = 512;

    private final Engine engine;
    private final Batch batch;
    private final TenantId tenant;
    private final Actor actor;
    private final Instant now;
    final Overlay kv = new Overlay();
    final Map<SessionId, Working> sessions = new LinkedHashMap<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    /** Every session this change looked up or created, whether or not it succeeded. */
    final Set<SessionId> accessed = new LinkedHashSet<>();
    /** The trees this change stored, by root id, for {@link #storedTree} before the batch commits. */
    final Map<Hash, DirEntry> storedRoots = new java.util.HashMap<>();
    /** Sessions whose tree this change edited while their record guards a fingerprint ({@link #settle}). */
    private Set<SessionId> guarded;
    /** Store reads to re-check at commit when nodes share the store; null on a single node. */
    final ReadSet reads;

    private final NodeStore nodes;
    private final FileTree fileTree;

    UnitContext(Engine engine, Batch batch, TenantId tenant, Actor actor) {
        this.engine = engine;
        this.batch = batch;
        this.tenant = tenant;
        this.actor = actor;
        this.now = engine.clock().instant();
        this.nodes = engine.nodes(tenant);
        this.fileTree = new FileTree(nodes);
        this.reads = engine.sharedByNodes() ? new ReadSet() : null;
    }

    @Override
    public TenantId tenant() {
        return tenant;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public io.aetherfs.core.model.Ulid ids() {
        return engine.ids();
    }

    @Override
    public FileTree fileTree() {
        return fileTree;
    }

    @Override
    public DirEntry storedTree(Hash root) {
        DirEntry t = storedRoots.get(root);
        if (t == null) {
            t = batch.storedRoots.get(new Caches.Key(tenant, root));
        }
        return t != null ? t : nodes.loadRoot(root);
    }

    /** Returns the session's working state as of this change, or null if it does not exist. */
    private Working working(SessionId id) {
        accessed.add(id);
        Working w = sessions.get(id);
        if (w == null) {
            w = batch.find(tenant, id);
        }
        if (w == null) {
            SessionState s = batch.pinned(engine, tenant, id);
            if (s == null) {
                return null;
            }
            w = new Working(s, s.session(), s.tree(), false);
        }
        return w.deleted() ? null : w;
    }

    private Working require(SessionId id) {
        Working w = working(id);
        if (w == null) {
            throw AfsException.notFound("session " + id + " not found");
        }
        return w;
    }

    @Override
    public Optional<Session> findSession(SessionId id) {
        return Optional.ofNullable(working(id)).map(Working::current);
    }

    @Override
    public Session session(SessionId id) {
        return require(id).current();
    }

    @Override
    public DirEntry tree(SessionId id) {
        return require(id).tree();
    }

    @Override
    public String fingerprint(SessionId id) {
        return canonical().fingerprint(tree(id));
    }

    @Override
    public Canonical canonical() {
        return new Canonical(nodes, content()::contentHash, nodes);
    }

    @Override
    public io.aetherfs.core.content.ContentStore content() {
        return engine.content(tenant, this::pendingInline);
    }

    /** Returns an inline extent stored by this change or an earlier one in the batch, if any. */
    private Optional<byte[]> pendingInline(Hash hash) {
        String key = KeySpace.inlineExtent(hash);
        for (Overlay o : new Overlay[] {kv, batch.kv}) {
            if (o.lookup(tenant, key) instanceof Overlay.Lookup.Written(Optional<byte[]> v)) {
                return v.map(Stamped::data);
            }
        }
        return Optional.empty();
    }

    @Override
    public void createSession(Session session, DirEntry tree, TreeEvent event) {
        SessionId id = session.id();
        accessed.add(id);
        Working existing = sessions.containsKey(id) ? sessions.get(id) : batch.find(tenant, id);
        if (existing == null && batch.pinned(engine, tenant, id) != null || existing != null && !existing.deleted()) {
            throw new IllegalStateException("session " + id + " already exists");
        }
        sessions.put(id, new Working(null, session, tree, false));
        flush(id);
        append(id, event);
    }

    @Override
    public Session updateSession(SessionId id, UnaryOperator<Session> change) {
        Working w = require(id);
        Session.Head h = w.current().head();
        Session updated = change.apply(w.current())
                .withHead(new Session.Head(
                        h.root(), h.rootFingerprint(), h.rootWal(), h.walSeq(), h.eventSeq(), now, h.lastActivityAt()));
        sessions.put(id, w.withSession(updated));
        return updated;
    }

    @Override
    public void deleteSession(SessionId id) {
        Working w = require(id);
        for (KeyRange r : KeySpace.ownedBy(id)) {
            kv.deleteRange(tenant, r);
        }
        sessions.put(id, w.markDeleted());
        afterCommit.add(() -> engine.sessionCache().remove(tenant, id));
    }

    @Override
    public DirEntry apply(SessionId id, TreeOp op, UnaryOperator<TreeEvent> note) {
        Working w = require(id);
        Entry removed = op instanceof TreeOp.Remove r
                ? fileTree.lookup(w.tree(), r.path()).orElse(null)
                : null;
        DirEntry tree = new TreeEditor(fileTree).apply(w.tree(), op);
        Session.Head h = w.current().head();
        long seq = h.walSeq() + 1;
        kv.put(tenant, KeySpace.wal(id, seq), Json.write(op));
        Session s = w.current()
                .withHead(new Session.Head(
                        h.root(), h.rootFingerprint(), h.rootWal(), seq, h.eventSeq(), now, h.lastActivityAt()));
        sessions.put(id, new Working(w.base(), s, tree, false));
        noteGuarded(id, s);
        if (seq - h.rootWal() >= MAX_UNFOLDED_OPS) {
            flush(id);
        }
        append(id, note.apply(TreeEvent.of(op, removed)));
        return tree;
    }

    @Override
    public Hash replaceTree(SessionId id, DirEntry root, TreeEvent event) {
        Working w = require(id);
        sessions.put(id, w.withTree(root));
        noteGuarded(id, w.current());
        Hash stored = flush(id);
        append(id, event);
        return stored;
    }

    /** Remembers a session whose tree changed if its record guards a fingerprint (one null check otherwise). */
    private void noteGuarded(SessionId id, Session s) {
        if (s.lifecycle().approvedFingerprint() != null) {
            if (guarded == null) {
                guarded = new LinkedHashSet<>();
            }
            guarded.add(id);
        }
    }

    /**
     * Ends the change's own work: for every session whose tree it changed while the record guards a
     * fingerprint, computes the fingerprint now and tells the engine's {@link FingerprintWatch} if it moved
     * (writing identical bytes moves nothing). Runs before the change's effects join the batch.
     */
    void settle() {
        if (guarded == null) {
            return;
        }
        for (SessionId id : List.copyOf(guarded)) {
            Working w = sessions.get(id);
            if (w == null || w.deleted()) {
                continue;
            }
            String approved = w.current().lifecycle().approvedFingerprint();
            if (approved == null) {
                continue;
            }
            String now = fingerprint(id);
            if (!now.equals(approved)) {
                engine.fingerprintWatch().moved(this, id, approved, now);
            }
        }
        guarded = null;
    }

    private void append(SessionId id, TreeEvent e) {
        appendEvent(id, e.type(), e.path(), e.details());
    }

    @Override
    public Hash flush(SessionId id) {
        Working w = require(id);
        DirEntry tree = w.tree();
        String fingerprint = canonical().fingerprint(tree);
        Hash rootId = storeTree(tree);
        Session.Head h = w.current().head();
        if (h.walSeq() > h.rootWal()) {
            kv.deleteRange(tenant, KeySpace.wal(id, h.rootWal() + 1, h.walSeq()));
        }
        Session s = w.current()
                .withHead(new Session.Head(
                        rootId, fingerprint, h.walSeq(), h.walSeq(), h.eventSeq(), now, h.lastActivityAt()));
        sessions.put(id, new Working(w.base(), s, tree, false));
        return rootId;
    }

    @Override
    public Hash storeTree(DirEntry tree) {
        List<DirtyNodes.Node> dirty = DirtyNodes.collect(tree);
        long stamp = now.toEpochMilli();
        for (DirtyNodes.Node n : dirty) {
            if (n.encoding() != null) {
                kv.put(tenant, KeySpace.node(n.id()), Stamped.wrap(stamp, n.encoding()));
            }
            Canonical.remembered(n.chunk())
                    .ifPresent(m -> kv.put(
                            tenant,
                            KeySpace.canonicalMemo(NodeStore.memoKey(n.id(), m.mode(), m.xattrDigest())),
                            Stamped.wrap(stamp, m.hash().toBytes())));
        }
        byte[] rootBytes = NodeCodec.encodeRoot(tree);
        Hash rootId = Hash.of(rootBytes);
        kv.put(tenant, KeySpace.node(rootId), Stamped.wrap(stamp, rootBytes));
        storedRoots.put(rootId, tree);
        afterCommit.add(() -> {
            DirtyNodes.markStored(dirty);
            for (DirtyNodes.Node n : dirty) {
                nodes.cache(n.id(), n.chunk());
                Canonical.remembered(n.chunk()).ifPresent(m -> nodes.put(n.id(), m.mode(), m.xattrDigest(), m.hash()));
            }
            nodes.cacheRoot(rootId, tree);
        });
        return rootId;
    }

    @Override
    public Event appendEvent(SessionId id, EventType type, String path, Map<String, Object> details) {
        Working w = require(id);
        Session.Head h = w.current().head();
        long seq = h.eventSeq() + 1;
        Event e = new Event(EventId.generate(engine.ids()), id, seq, type, actor, now, path, details);
        kv.put(tenant, KeySpace.event(id, seq), Json.write(e));
        Session s = w.current()
                .withHead(new Session.Head(h.root(), h.rootFingerprint(), h.rootWal(), h.walSeq(), seq, now, now));
        sessions.put(id, w.withSession(s));
        afterCommit.add(() -> engine.events().publish(tenant, e));
        return e;
    }

    @Override
    public <I, R> Records<I, R> records(RecordType<I, R> type, SessionId session) {
        return records(tenant, type, session);
    }

    @Override
    public <I, R> Records<I, R> deploymentRecords(RecordType<I, R> type) {
        return records(TenantId.DEPLOYMENT, type, null);
    }

    /** Returns records of {@code owner}'s keyspace; their events go to this change's tenant. */
    private <I, R> Records<I, R> records(TenantId owner, RecordType<I, R> type, SessionId session) {
        return new StoredRecords<>(type, session, new RecordKv() {
            @Override
            public Optional<byte[]> get(String key) {
                return UnitContext.this.get(owner, key);
            }

            @Override
            public List<KeyValue> scan(KeyRange range, int limit) {
                return UnitContext.this.scan(owner, range, limit);
            }

            @Override
            public void put(String key, byte[] value) {
                kv.put(owner, key, value);
            }

            @Override
            public void delete(String key) {
                kv.delete(owner, key);
            }

            @Override
            public void deleteRange(KeyRange range) {
                kv.deleteRange(owner, range);
            }

            @Override
            public void record(SessionId target, RecordEvent e) {
                appendEvent(target, e.type(), e.path(), e.details());
            }
        });
    }

    Optional<byte[]> get(String key) {
        return get(tenant, key);
    }

    private Optional<byte[]> get(TenantId owner, String key) {
        for (Overlay o : new Overlay[] {kv, batch.kv}) {
            if (o.lookup(owner, key) instanceof Overlay.Lookup.Written(Optional<byte[]> v)) {
                return v;
            }
        }
        Optional<byte[]> stored = engine.meta().read(tx -> tx.get(owner, key));
        if (reads != null) {
            reads.get(owner, key, stored);
        }
        return stored;
    }

    List<KeyValue> scan(KeyRange range, int limit) {
        return scan(tenant, range, limit);
    }

    private List<KeyValue> scan(TenantId owner, KeyRange range, int limit) {
        int storedLimit = limit + 1000;
        List<KeyValue> stored = engine.meta().read(tx -> tx.scan(owner, range, storedLimit));
        if (reads != null) {
            reads.scan(owner, range, storedLimit, stored);
        }
        List<KeyValue> merged = kv.overlayScan(owner, range, batch.kv.overlayScan(owner, range, stored));
        return merged.size() > limit ? merged.subList(0, limit) : merged;
    }

    void put(String key, byte[] value) {
        kv.put(tenant, key, value);
    }

    void delete(String key) {
        kv.delete(tenant, key);
    }

    @Override
    public void storeInline(Hash hash, byte[] data) {
        kv.put(tenant, KeySpace.inlineExtent(hash), Stamped.wrap(now.toEpochMilli(), data));
    }

    @Override
    public void storeNode(Hash id, byte[] encoding) {
        kv.put(tenant, KeySpace.node(id), Stamped.wrap(now.toEpochMilli(), encoding));
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }
}
