package io.aetherfs.core.tree;

/**
 * Decides where chunks end: after an item whose key hashes to zero in its low bits, about one item in
 * {@link #TARGET_ITEMS}. The decision depends only on the key and the level, so chunking is a function
 * of a directory's names, never of the order it was built in. This function is part of the storage
 * format and must never change (it would change every stored chunk id, not any fingerprint).
 */
public final class Boundary {
    public static final int TARGET_ITEMS = 32;
    private static final long MASK = TARGET_ITEMS - 1;

    private Boundary() {}

    /** Returns whether the item with {@code key} ends its chunk at {@code level}. */
    public static boolean isBoundary(int level, String key) {
        return (hash(level, key) & MASK) == 0;
    }

    /** Returns a 64-bit hash of the key's UTF-16 units, salted by level (FNV-1a, then a 64-bit finalizer). */
    static long hash(int level, String key) {
        long h = 0xcbf29ce484222325L ^ (level * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
