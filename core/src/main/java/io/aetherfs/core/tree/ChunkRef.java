package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;

/**
 * A reference to a chunk: by id once the chunk is stored (then loaded through a {@link NodeSource} and
 * its cache), or by the in-memory object while it exists only in a session's unflushed tree. Refs are
 * never shared between tenants.
 */
public final class ChunkRef {
    /** The empty directory, which every store treats as present without storing it. */
    public static final ChunkRef EMPTY = new ChunkRef(NodeCodec.EMPTY_CHUNK_ID, Chunk.EMPTY);

    private volatile Hash id;
    private volatile Chunk chunk;

    private ChunkRef(Hash id, Chunk chunk) {
        this.id = id;
        this.chunk = chunk;
    }

    /** Returns a reference to a stored chunk. */
    public static ChunkRef stored(Hash id) {
        return id.equals(NodeCodec.EMPTY_CHUNK_ID) ? EMPTY : new ChunkRef(id, null);
    }

    /** Returns a reference to a chunk that exists only in memory so far. */
    public static ChunkRef dirty(Chunk chunk) {
        return chunk.size() == 0 && chunk.level() == 0 ? EMPTY : new ChunkRef(null, chunk);
    }

    /** Returns the chunk, loading it through {@code source} when only the id is held. */
    public Chunk resolve(NodeSource source) {
        Chunk c = chunk;
        if (c != null) {
            return c;
        }
        return source.load(id);
    }

    /** Returns whether the chunk is known to be stored. */
    public boolean isStored() {
        return id != null;
    }

    /** Returns the stored id, or null while dirty. */
    public Hash storedId() {
        return id;
    }

    /** Returns the in-memory chunk of a dirty ref, or null once stored. */
    public Chunk inMemory() {
        return chunk;
    }

    /**
     * Records that the chunk is now stored under {@code storedId} and lets the in-memory copy go (it
     * stays reachable through the node cache). Called by the flusher only.
     */
    public void markStored(Hash storedId) {
        if (this == EMPTY) {
            return;
        }
        this.id = storedId;
        this.chunk = null;
    }

    /** Returns the content identity: the stored id, or the hash the chunk would be stored under. */
    public Hash identity() {
        Hash h = id;
        if (h != null) {
            return h;
        }
        Chunk c = chunk;
        if (c == null) {
            return id; // stored concurrently
        }
        return NodeCodec.identity(c);
    }

    /** Returns whether both refs denote the same chunk content. */
    public boolean sameAs(ChunkRef o) {
        if (this == o) {
            return true;
        }
        Chunk a = chunk;
        if (a != null && a == o.chunk) {
            return true;
        }
        return identity().equals(o.identity());
    }

    @Override
    public String toString() {
        Hash h = id;
        return h != null ? "ChunkRef[" + h.hex().substring(0, 12) + "]" : "ChunkRef[dirty]";
    }
}
