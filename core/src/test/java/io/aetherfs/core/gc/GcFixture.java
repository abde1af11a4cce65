package io.aetherfs.core.gc;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.engine.TreeEvent;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.CheckpointId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.ChunkRef;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.DirStats;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.tree.Xattrs;
import io.aetherfs.core.util.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Real engine state on in-memory stores with a clock the test moves, for GC and fsck scenarios. */
final class GcFixture implements AutoCloseable {
    static final TenantId T = TenantId.parse("11111111-2222-3333-4444-555555555555");
    static final Actor A = new Actor("alice", null, null, null);
    static final Duration GRACE = Duration.ofHours(1);
    /** The default engine, except that the background flusher never folds a log on its own. */
    static final EngineConfig CONFIG = new EngineConfig(
            EngineConfig.DEFAULT.chunkCacheBytes(),
            EngineConfig.DEFAULT.extentCacheBytes(),
            EngineConfig.DEFAULT.canonicalMemoEntries(),
            EngineConfig.DEFAULT.maxCachedSessions(),
            EngineConfig.DEFAULT.sessionIdleEviction(),
            Duration.ofDays(3650),
            EngineConfig.DEFAULT.flushInterval());

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    final InMemoryMetaStore meta = new InMemoryMetaStore();
    final InMemoryBlobStore blobs = new InMemoryBlobStore(clock);
    final Engine engine = new Engine(meta, blobs, clock, CONFIG);
    private final List<Engine> others = new ArrayList<>();

    @Override
    public void close() {
        others.forEach(Engine::close);
        engine.close();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    GcReport gc() {
        return new GarbageCollector(meta, blobs, clock, GRACE).run();
    }

    FsckReport fsck(boolean repair) {
        return new Fsck(meta, blobs).run(repair);
    }

    /** Returns a new engine on the same stores, so reads go to storage rather than to caches. */
    Engine fresh() {
        Engine e = new Engine(meta, blobs, clock, CONFIG);
        others.add(e);
        return e;
    }

    static Session newSession(SessionId id, Instant now) {
        return new Session(
                id,
                new Session.Origin(true, null, null, null, null, null, List.of(), "alice", now),
                new Session.Settings(null, null, Map.of(), Map.of(), null, "alice", null, List.of(), null, null),
                new Session.Lifecycle(SessionStatus.ACTIVE, null, null, null, null),
                new Session.Head(null, null, 0, 0, 0, now, now));
    }

    static DirEntry emptyRoot() {
        return new DirEntry(new Attrs(1, 0755, 0, 0, 0, Xattrs.NONE), ChunkRef.EMPTY, DirStats.EMPTY);
    }

    SessionId create() {
        SessionId id = SessionId.generate(engine.ids());
        engine.execute(T, A, ctx -> {
            ctx.createSession(
                    newSession(id, ctx.now()), emptyRoot(), new TreeEvent(EventType.SESSION_CREATED, null, Map.of()));
            return null;
        });
        return id;
    }

    /** Returns a new session whose tree is the parent's, with the parent's root as its base. */
    SessionId fork(SessionId parent) {
        SessionId child = SessionId.generate(engine.ids());
        engine.execute(T, A, ctx -> {
            Hash base = ctx.flush(parent);
            Session s = newSession(child, ctx.now());
            Session.Origin o = s.origin();
            s = new Session(
                    child,
                    new Session.Origin(false, null, base, null, parent, null, List.of(), o.createdBy(), o.createdAt()),
                    s.settings(),
                    s.lifecycle(),
                    s.head());
            ctx.createSession(s, ctx.tree(parent), new TreeEvent(EventType.SESSION_FORKED, null, Map.of()));
            return null;
        });
        return child;
    }

    /** Writes a file as a logged op, without folding it into stored nodes. */
    void write(SessionId id, String path, byte[] data) {
        Prepared p = engine.content(T).write(data);
        long inode = engine.inodes().allocate(T, 8);
        engine.execute(T, A, ctx -> {
            p.inline().forEach(ctx::storeInline);
            ctx.apply(id, new TreeOp.PutFile(FsPath.parse(path), p.content(), null, null, null, 1, true, inode));
            return null;
        });
    }

    Hash flush(SessionId id) {
        return engine.execute(T, A, ctx -> ctx.flush(id));
    }

    void delete(SessionId id) {
        engine.execute(T, A, ctx -> {
            ctx.deleteSession(id);
            return null;
        });
    }

    /** Stores a checkpoint record of {@code root} directly, as the checkpoint service would. */
    CheckpointId checkpoint(SessionId id, Hash root) {
        CheckpointId ckpt = CheckpointId.generate(engine.ids());
        put(
                StoredKeys.checkpoint(id, ckpt),
                Json.write(new Checkpoint(ckpt, id, "cp", null, root, null, 0, 0, "alice", clock.instant())));
        return ckpt;
    }

    /** Writes a value straight to the metadata store, as a damaged or hand-made store would hold it. */
    void put(String key, byte[] value) {
        meta.write(tx -> {
            tx.put(T, key, value);
            return null;
        });
    }

    /** Deletes a key straight from the metadata store. */
    void remove(String key) {
        meta.write(tx -> {
            tx.delete(T, key);
            return null;
        });
    }

    Hash root(SessionId id) {
        return engine.snapshot(T, id).session().head().root();
    }

    static FileEntry file(Engine e, DirEntry tree, String path) {
        return (FileEntry) e.fileTree(T).require(tree, FsPath.parse(path));
    }

    static byte[] read(Engine e, DirEntry tree, String path) {
        FileEntry f = file(e, tree, path);
        return e.content(T).read(f.content(), 0, (int) f.content().size());
    }

    static byte[] read(Engine e, SessionId id, String path) {
        return read(e, e.snapshot(T, id).tree(), path);
    }

    /** Returns the extents of a file in a session's current tree. */
    List<Extent> extents(SessionId id, String path) {
        return file(engine, engine.snapshot(T, id).tree(), path).content().extents();
    }

    /** Returns the single extent of a file (the test files fit one 4 MiB block). */
    Hash extent(SessionId id, String path) {
        List<Extent> x = extents(id, path);
        if (x.size() != 1) {
            throw new IllegalStateException(path + " has " + x.size() + " extents");
        }
        return x.getFirst().hash();
    }

    Optional<byte[]> value(String key) {
        return meta.read(tx -> tx.get(T, key));
    }

    boolean hasInline(Hash h) {
        return meta.read(tx -> tx.get(T, StoredLayout.inlineExtent(h))).isPresent();
    }

    boolean hasBlob(Hash h) {
        return blobs.stat(T, h).isPresent();
    }

    boolean hasNode(Hash h) {
        return meta.read(tx -> tx.get(T, StoredLayout.node(h))).isPresent();
    }

    List<String> keys(KeyRange range) {
        return meta.read(tx -> tx.scan(T, range, 1_000_000)).stream()
                .map(KeyValue::key)
                .toList();
    }

    /** Returns every metadata entry of the tenant, key to value. */
    Map<String, byte[]> dumpMeta() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        meta.read(tx -> tx.scan(T, KeyRange.of(" ", "\u007f"), 1_000_000)).forEach(kv -> out.put(kv.key(), kv.value()));
        return out;
    }

    /** Returns every blob of the tenant, hash to bytes. */
    Map<Hash, byte[]> dumpBlobs() {
        Map<Hash, byte[]> out = new LinkedHashMap<>();
        blobs.list(T, null, 1_000_000)
                .forEach(b -> out.put(
                        b.hash(), blobs.get(T, b.hash(), 0, (int) b.size()).orElseThrow()));
        return out;
    }

    /** Returns {@code n} pseudo-random bytes; above 16 KiB they go to the blob store. */
    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
