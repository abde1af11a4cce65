package io.aetherfs.core.content;

import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.Extent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link ContentStore} over an in-memory blob store, whose reader finds inline extents among those
 * every prepared content handed back, the way a change stores them next to its metadata.
 */
final class ContentFixture implements ExtentReader {
    static final TenantId TENANT = TenantId.parse("0a000000-0000-4000-8000-000000000001");
    static final int BLOCK = Extent.BLOCK_BYTES;

    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    final ContentStore store = new ContentStore(TENANT, blobs, this);
    private final Map<Hash, byte[]> inline = new HashMap<>();
    int hashesComputed;

    /** Keeps the inline extents of {@code p} (as the change using it would) and returns its content. */
    Content keep(Prepared p) {
        inline.putAll(p.inline());
        return p.content();
    }

    Content write(byte[] data) {
        return keep(store.write(data));
    }

    Content patch(Content base, List<Segment> segments, Long truncateTo) {
        return keep(store.patch(base, segments, truncateTo, Long.MAX_VALUE));
    }

    Content punch(Content base, long offset, long length) {
        return keep(store.punchHole(base, offset, length));
    }

    /** Returns every byte of {@code c}. */
    byte[] readAll(Content c) {
        return store.read(c, 0, Math.toIntExact(c.size()));
    }

    @Override
    public byte[] read(Extent e, long offset, int length) {
        if (e.inline()) {
            byte[] all = inline.get(e.hash());
            if (all == null) {
                throw ContentStore.missing(e);
            }
            int from = (int) Math.min(offset, all.length);
            return java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + length));
        }
        return blobs.get(TENANT, e.hash(), offset, length).orElseThrow(() -> ContentStore.missing(e));
    }

    @Override
    public Hash rememberedHash(Hash layoutDigest, Supplier<Hash> compute) {
        hashesComputed++;
        return compute.get();
    }
}
