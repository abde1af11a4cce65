package io.aetherfs.core.engine;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.content.ExtentReader;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.model.Ulid;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.WriterLocks;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.FileTree;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The storage engine: sessions as root pointers into shared immutable trees, a write-ahead log per
 * session, group commit, and the caches. Services read through {@link #snapshot} and change state
 * only by submitting {@link Change}s to {@link #execute}.
 */
public final class Engine implements AutoCloseable {
    private final MetaStore meta;
    private final BlobStore blobs;
    private final Clock clock;
    private final Ulid ids;
    private final Caches caches;
    private final SessionCache sessions;
    private final Map<TenantId, NodeStore> nodeStores = new ConcurrentHashMap<>();
    private final EventHub events = new EventHub();
    private final InodeAllocator inodes;
    private final Committer committer;
    private final Flusher flusher;
    private final boolean sharedByNodes;
    private final WriterLocks writerLocks;
    private volatile FingerprintWatch fingerprintWatch = FingerprintWatch.NONE;

    public Engine(MetaStore meta, BlobStore blobs, Clock clock, EngineConfig config) {
        this.meta = meta;
        this.blobs = blobs;
        this.clock = clock;
        this.ids = new Ulid(clock, new java.security.SecureRandom());
        this.sharedByNodes = meta.features().contains(MetaStore.Feature.SHARED_BY_NODES);
        this.writerLocks = sharedByNodes
                ? meta.writerLocks()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "a metadata store shared by nodes must provide writer locks"))
                : null;
        this.caches = new Caches(config.chunkCacheBytes(), config.extentCacheBytes(), config.canonicalMemoEntries());
        this.sessions = new SessionCache(meta, this::nodes, config.maxCachedSessions(), config.sessionIdleEviction());
        this.inodes = new InodeAllocator(meta);
        this.committer = new Committer(this);
        this.flusher = new Flusher(this, config.flushAfterIdle(), config.flushInterval());
    }

    /** Runs a change on behalf of {@code actor} and returns its result once durable. */
    public <R> R execute(TenantId tenant, Actor actor, Change<R> change) {
        return committer.submit(tenant, actor, change);
    }

    /**
     * Returns the committed state of a session, or empty if it does not exist. When several nodes share
     * the store, a cached state is first checked against the stored record (one point read) and brought
     * up to date if another node changed the session, so a write acknowledged anywhere is visible here.
     */
    public Optional<SessionState> find(TenantId tenant, SessionId id) {
        return sharedByNodes ? sessions.fresh(tenant, id) : sessions.get(tenant, id);
    }

    /**
     * Registers the one watch that hears of sessions whose tree moved away from their guarded fingerprint
     * ({@link FingerprintWatch}); replaces any earlier one. The service layer registers it once at start.
     */
    public void watchFingerprints(FingerprintWatch watch) {
        this.fingerprintWatch = java.util.Objects.requireNonNull(watch);
    }

    FingerprintWatch fingerprintWatch() {
        return fingerprintWatch;
    }

    /** Returns how many submitted changes have not started their run yet. */
    int queuedChanges() {
        return committer.queued();
    }

    /** Returns whether other server processes may write the same stores (scale-out mode). */
    boolean sharedByNodes() {
        return sharedByNodes;
    }

    /** Returns the locks a group commit takes on the sessions it writes; null on a single node. */
    WriterLocks writerLocks() {
        return writerLocks;
    }

    /** Returns the committed state of a session or throws NOT_FOUND. */
    public SessionState snapshot(TenantId tenant, SessionId id) {
        return find(tenant, id).orElseThrow(() -> AfsException.notFound("session " + id + " not found"));
    }

    /** Returns the tree stored under a tree-root id (a checkpoint or commit root). */
    public DirEntry storedTree(TenantId tenant, Hash root) {
        return nodes(tenant).loadRoot(root);
    }

    /** Returns a path-level view of the tenant's trees. */
    public FileTree fileTree(TenantId tenant) {
        return new FileTree(nodes(tenant));
    }

    /** Returns the fingerprint calculator of the tenant. */
    public Canonical canonical(TenantId tenant) {
        NodeStore n = nodes(tenant);
        return new Canonical(n, content(tenant)::contentHash, n);
    }

    /** Returns the tenant's content store. */
    public ContentStore content(TenantId tenant) {
        return new ContentStore(tenant, blobs, new Reader(tenant, h -> Optional.empty()));
    }

    /** Returns a content store that first looks for inline extents in {@code pending} (a change's own writes). */
    ContentStore content(TenantId tenant, java.util.function.Function<Hash, Optional<byte[]>> pending) {
        return new ContentStore(tenant, blobs, new Reader(tenant, pending));
    }

    /** Returns a tenant's records outside a change (read-only views and store transactions). */
    public TenantRecords records(TenantId tenant) {
        return new TenantRecords(meta, tenant);
    }

    /** Returns every tenant that has stored anything. */
    public java.util.List<TenantId> tenants() {
        return meta.tenants();
    }

    /** Returns the allocator of inode numbers. */
    public InodeAllocator inodes() {
        return inodes;
    }

    /** Returns the hub that announces committed events. */
    public EventHub events() {
        return events;
    }

    /** Returns the id generator. */
    public Ulid ids() {
        return ids;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Returns the metadata store below the engine, for maintenance that reads it directly, as garbage
     * collection does (the CAS census of {@code core/gc}); nothing may write through it.
     */
    public MetaStore meta() {
        return meta;
    }

    /** Returns the blob store below the engine, for maintenance that reads it directly (see {@link #meta}). */
    public BlobStore blobs() {
        return blobs;
    }

    NodeStore nodes(TenantId tenant) {
        return nodeStores.computeIfAbsent(tenant, t -> new NodeStore(t, meta, caches));
    }

    SessionCache sessionCache() {
        return sessions;
    }

    /** Folds every loaded session's log into stored nodes now (used at shutdown and by tests). */
    public void flushAll() {
        flusher.flushAll(true);
    }

    @Override
    public void close() {
        flusher.close();
        flushAll();
        committer.close();
    }

    /** Reads extents from the inline keyspace or the blob store, through the extent cache. */
    private final class Reader implements ExtentReader {
        private final TenantId tenant;
        private final java.util.function.Function<Hash, Optional<byte[]>> pending;

        Reader(TenantId tenant, java.util.function.Function<Hash, Optional<byte[]>> pending) {
            this.tenant = tenant;
            this.pending = pending;
        }

        @Override
        public byte[] read(Extent e, long offset, int length) {
            if (e.inline()) {
                byte[] all = pending.apply(e.hash())
                        .orElseGet(() -> caches.inlineExtents.get(new Caches.Key(tenant, e.hash()), k -> meta.read(
                                        tx -> tx.get(tenant, KeySpace.inlineExtent(e.hash())))
                                .map(Stamped::data)
                                .orElse(null)));
                if (all == null) {
                    throw missing(e);
                }
                int from = (int) Math.min(offset, all.length);
                return java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + length));
            }
            return blobs.get(tenant, e.hash(), offset, length).orElseThrow(() -> missing(e));
        }

        @Override
        public Hash rememberedHash(Hash layoutDigest, Supplier<Hash> compute) {
            return caches.contentHashes.get(new Caches.Key(tenant, layoutDigest), k -> compute.get());
        }

        private AfsException missing(Extent e) {
            return new AfsException(
                    io.aetherfs.core.error.ErrorCode.DATA_LOSS,
                    "content extent " + e.hash().hex() + " is missing; run `afs-server fsck`");
        }
    }
}
