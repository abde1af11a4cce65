package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;

/**
 * A stored piece of file content: {@code length} bytes at {@code offset}, named by their SHA-256. An
 * extent never crosses a 4 MiB boundary; extents of at most {@link #INLINE_MAX_BYTES} live in the
 * metadata store (written in the same transaction as the change that uses them), larger ones in the
 * blob store (made durable before that transaction).
 */
public record Extent(long offset, int length, Hash hash) {
    public static final int BLOCK_BYTES = 4 * 1024 * 1024;
    public static final int INLINE_MAX_BYTES = 16 * 1024;

    public Extent {
        if (offset < 0 || length <= 0 || length > BLOCK_BYTES) {
            throw new IllegalArgumentException("bad extent " + offset + "+" + length);
        }
        if (offset / BLOCK_BYTES != (offset + length - 1) / BLOCK_BYTES) {
            throw new IllegalArgumentException("extent " + offset + "+" + length + " crosses a 4 MiB boundary");
        }
    }

    /** Returns the offset just past this extent. */
    public long end() {
        return offset + length;
    }

    /** Returns the index of the 4 MiB block holding this extent. */
    public long block() {
        return offset / BLOCK_BYTES;
    }

    /** Returns whether this extent lives in the metadata store rather than the blob store. */
    public boolean inline() {
        return isInline(length);
    }

    /** Returns whether an extent of {@code length} bytes is stored inline. */
    public static boolean isInline(int length) {
        return length <= INLINE_MAX_BYTES;
    }
}
