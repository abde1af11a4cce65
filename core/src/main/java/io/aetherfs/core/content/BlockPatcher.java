package io.aetherfs.core.content;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.Extent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rewrites the touched 4 MiB blocks of a file: each block keeps at most one extent, spanning from its
 * first to its last data byte, with zeros for gaps inside it. Untouched blocks keep their extents.
 */
final class BlockPatcher {
    private final ContentStore store;
    private final long size;
    private final TreeMap<Long, Extent> extents = new TreeMap<>();
    /** Per touched block: its working bytes (block-relative) and the [lo, hi) data range. */
    private final TreeMap<Long, Block> touched = new TreeMap<>();

    private static final class Block {
        final byte[] bytes = new byte[Extent.BLOCK_BYTES];
        int lo = Integer.MAX_VALUE;
        int hi = 0;

        void mark(int from, int to) {
            lo = Math.min(lo, from);
            hi = Math.max(hi, to);
        }
    }

    BlockPatcher(ContentStore store, Content base, long size) {
        this.store = store;
        this.size = size;
        for (Extent e : base.extents()) {
            extents.put(e.block(), e);
        }
    }

    /** Writes segments into their blocks. */
    BlockPatcher write(List<Segment> segments) {
        for (Segment s : segments) {
            byte[] d = s.data();
            for (int done = 0; done < d.length; ) {
                long pos = s.offset() + done;
                long blockIdx = pos / Extent.BLOCK_BYTES;
                int in = (int) (pos % Extent.BLOCK_BYTES);
                int n = Math.min(d.length - done, Extent.BLOCK_BYTES - in);
                Block b = block(blockIdx);
                System.arraycopy(d, done, b.bytes, in, n);
                b.mark(in, in + n);
                done += n;
            }
        }
        return this;
    }

    /** Zeroes [offset, offset+length) and lets blocks that become all-hole drop their extent. */
    BlockPatcher punch(long offset, long length) {
        long end = Math.min(size, offset + length);
        for (long pos = offset; pos < end; ) {
            long blockIdx = pos / Extent.BLOCK_BYTES;
            int in = (int) (pos % Extent.BLOCK_BYTES);
            int n = (int) Math.min(end - pos, Extent.BLOCK_BYTES - in);
            if (extents.containsKey(blockIdx) || touched.containsKey(blockIdx)) {
                Block b = block(blockIdx);
                java.util.Arrays.fill(b.bytes, in, in + n, (byte) 0);
                trim(b, in, in + n);
            }
            pos += n;
        }
        return this;
    }

    /** Returns the patched content; its hash is known only when one extent covers the whole file. */
    Prepared finish() {
        Map<Hash, byte[]> inline = new HashMap<>();
        for (Map.Entry<Long, Block> t : touched.entrySet()) {
            long start = t.getKey() * Extent.BLOCK_BYTES;
            Block b = t.getValue();
            int hi = (int) Math.min(b.hi, size - start);
            if (b.lo >= hi) {
                extents.remove(t.getKey());
                continue;
            }
            byte[] data = java.util.Arrays.copyOfRange(b.bytes, b.lo, hi);
            extents.put(t.getKey(), store.store(start + b.lo, data, inline));
        }
        List<Extent> out = new ArrayList<>();
        for (Extent e : extents.values()) {
            if (e.offset() >= size) {
                continue;
            }
            out.add(e.end() > size ? trimmedCopy(e, inline) : e);
        }
        Hash hash = out.size() == 1
                        && out.getFirst().offset() == 0
                        && out.getFirst().length() == size
                ? out.getFirst().hash()
                : (size == 0 ? Content.EMPTY_HASH : null);
        return new Prepared(new Content(size, out, hash), inline);
    }

    private Extent trimmedCopy(Extent e, Map<Hash, byte[]> inline) {
        byte[] all = store.readExtent(e);
        byte[] data = java.util.Arrays.copyOf(all, (int) (size - e.offset()));
        return store.store(e.offset(), data, inline);
    }

    /** Returns the working block, loading the existing extent's bytes into it on first touch. */
    private Block block(long idx) {
        return touched.computeIfAbsent(idx, i -> {
            Block b = new Block();
            Extent e = extents.get(i);
            if (e != null) {
                byte[] data = store.readExtent(e);
                int in = (int) (e.offset() % Extent.BLOCK_BYTES);
                System.arraycopy(data, 0, b.bytes, in, data.length);
                b.mark(in, in + data.length);
            }
            return b;
        });
    }

    /** Shrinks a block's data range after zeroing [from, to) when the zeroed part is at an edge. */
    private static void trim(Block b, int from, int to) {
        if (from <= b.lo && to >= b.hi) {
            b.lo = Integer.MAX_VALUE;
            b.hi = 0;
        } else if (from <= b.lo && to > b.lo) {
            b.lo = to;
        } else if (to >= b.hi && from < b.hi) {
            b.hi = from;
        }
    }
}
