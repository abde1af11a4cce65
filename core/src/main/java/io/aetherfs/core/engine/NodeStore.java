package io.aetherfs.core.engine;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.Chunk;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.NodeCodec;
import io.aetherfs.core.tree.NodeSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Reads one tenant's stored tree nodes and canonical-hash memos, through the node-wide caches. */
public final class NodeStore implements NodeSource, Canonical.Memo {
    private final TenantId tenant;
    private final MetaStore meta;
    private final Caches caches;

    NodeStore(TenantId tenant, MetaStore meta, Caches caches) {
        this.tenant = tenant;
        this.meta = meta;
        this.caches = caches;
    }

    @Override
    public Chunk load(Hash id) {
        if (id.equals(NodeCodec.EMPTY_CHUNK_ID)) {
            return Chunk.EMPTY;
        }
        return caches.chunks.get(new Caches.Key(tenant, id), k -> decode(id, NodeCodec::decodeChunk));
    }

    /** Returns the root directory stored as tree-root node {@code id}. */
    public DirEntry loadRoot(Hash id) {
        return caches.roots.get(new Caches.Key(tenant, id), k -> decode(id, NodeCodec::decodeRoot));
    }

    /** Adds a chunk that was just stored to the cache. */
    void cache(Hash id, Chunk chunk) {
        caches.chunks.put(new Caches.Key(tenant, id), chunk);
    }

    /** Adds a tree root that was just stored to the cache. */
    void cacheRoot(Hash id, DirEntry root) {
        caches.roots.put(new Caches.Key(tenant, id), root);
    }

    @Override
    public Hash get(Hash chunkId, int mode, String xattrDigest) {
        Caches.Key key = new Caches.Key(tenant, memoKey(chunkId, mode, xattrDigest));
        Hash cached = caches.canonical.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Optional<byte[]> stored = meta.read(tx -> tx.get(tenant, KeySpace.canonicalMemo(key.hash())));
        if (stored.isEmpty()) {
            return null;
        }
        Hash h = Hash.fromBytes(Stamped.data(stored.get()));
        caches.canonical.put(key, h);
        return h;
    }

    @Override
    public void put(Hash chunkId, int mode, String xattrDigest, Hash canonical) {
        caches.canonical.put(new Caches.Key(tenant, memoKey(chunkId, mode, xattrDigest)), canonical);
    }

    /** Returns the key under which a directory's canonical hash is remembered. */
    static Hash memoKey(Hash chunkId, int mode, String xattrDigest) {
        MessageDigest md = Hash.sha256();
        chunkId.updateDigest(md);
        md.update((Integer.toOctalString(mode) + "\0" + xattrDigest).getBytes(StandardCharsets.US_ASCII));
        return Hash.finish(md);
    }

    private <T> T decode(Hash id, java.util.function.Function<byte[], T> decoder) {
        byte[] stamped = meta.read(tx -> tx.get(tenant, KeySpace.node(id)))
                .orElseThrow(() -> new AfsException(
                        ErrorCode.DATA_LOSS, "tree node " + id.hex() + " is missing; run `afs-server fsck`"));
        byte[] data = Stamped.data(stamped);
        if (!Hash.of(data).equals(id)) {
            throw new AfsException(ErrorCode.DATA_LOSS, "tree node " + id.hex() + " is corrupt; run `afs-server fsck`");
        }
        try {
            return decoder.apply(data);
        } catch (RuntimeException e) {
            throw new AfsException(
                    ErrorCode.DATA_LOSS, "tree node " + id.hex() + " cannot be decoded: " + e.getMessage());
        }
    }
}
