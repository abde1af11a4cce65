package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;
import java.security.MessageDigest;
import java.util.List;

/**
 * The content of a regular file: its size, its extents in offset order (at most one per 4 MiB block;
 * bytes not covered are holes and read as zeros), and its SHA-256, which is null when it has not been
 * computed since a partial write (it is computed lazily, spec §6.1).
 */
public record Content(long size, List<Extent> extents, Hash contentHash) {
    public static final Hash EMPTY_HASH = Hash.of(new byte[0]);
    public static final Content EMPTY = new Content(0, List.of(), EMPTY_HASH);

    public Content {
        extents = List.copyOf(extents);
        long prevBlock = -1;
        for (Extent e : extents) {
            if (e.block() <= prevBlock) {
                throw new IllegalArgumentException("extents must be in block order, one per block");
            }
            if (e.end() > size) {
                throw new IllegalArgumentException("extent past the end of a " + size + "-byte file");
            }
            prevBlock = e.block();
        }
        if (size == 0 && contentHash == null) {
            contentHash = EMPTY_HASH;
        }
    }

    /** Returns a copy with the content hash set. */
    public Content withHash(Hash hash) {
        return new Content(size, extents, hash);
    }

    /** Returns whether the content hash is known without reading the content. */
    public boolean hashKnown() {
        return contentHash != null;
    }

    /** Returns whether these are the same bytes, judged by hash when both are known, else by extents. */
    public boolean sameBytes(Content o) {
        if (contentHash != null && o.contentHash != null) {
            return contentHash.equals(o.contentHash);
        }
        return size == o.size && extents.equals(o.extents);
    }

    /**
     * Returns a digest of the size and extent list, a stable key under which the lazily computed content
     * hash can be remembered.
     */
    public Hash layoutDigest() {
        MessageDigest md = Hash.sha256();
        md.update(longBytes(size));
        for (Extent e : extents) {
            md.update(longBytes(e.offset()));
            md.update(longBytes(e.length()));
            e.hash().updateDigest(md);
        }
        return Hash.finish(md);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }
}
