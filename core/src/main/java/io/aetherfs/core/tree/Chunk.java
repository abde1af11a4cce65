package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;
import java.util.Arrays;
import java.util.List;

/**
 * One immutable node of a directory's children: a sorted run of entries (level 0) or of references
 * to lower chunks (level ≥ 1), each keyed by the last name of its subtree. A directory is the root
 * chunk of such a tree; chunk boundaries depend only on names ({@link Boundary}), so equal directories
 * are made of equal chunks however they were built.
 */
public final class Chunk {
    public static final Chunk EMPTY = new Chunk(0, new String[0], new Entry[0], null, null);

    private final int level;
    private final String[] keys;
    private final Entry[] entries;
    private final ChunkRef[] children;
    private final DirStats[] childStats;
    private volatile DirStats total;
    private volatile Hash identity;
    private volatile Object canonicalMemo;

    private Chunk(int level, String[] keys, Entry[] entries, ChunkRef[] children, DirStats[] childStats) {
        this.level = level;
        this.keys = keys;
        this.entries = entries;
        this.children = children;
        this.childStats = childStats;
    }

    /** Returns a level-0 chunk of entries; names must be strictly increasing. */
    public static Chunk leaf(List<String> names, List<Entry> entries) {
        return new Chunk(0, names.toArray(String[]::new), entries.toArray(Entry[]::new), null, null);
    }

    /** Returns a chunk at {@code level ≥ 1} of child references keyed by their last names. */
    public static Chunk inner(int level, List<String> keys, List<ChunkRef> children, List<DirStats> stats) {
        if (level < 1) {
            throw new IllegalArgumentException("inner chunks have level ≥ 1");
        }
        return new Chunk(
                level,
                keys.toArray(String[]::new),
                null,
                children.toArray(ChunkRef[]::new),
                stats.toArray(DirStats[]::new));
    }

    public int level() {
        return level;
    }

    /** Returns the number of items. */
    public int size() {
        return keys.length;
    }

    /** Returns the key of item {@code i}: an entry name, or the last name below child {@code i}. */
    public String key(int i) {
        return keys[i];
    }

    /** Returns entry {@code i} of a level-0 chunk. */
    public Entry entry(int i) {
        return entries[i];
    }

    /** Returns child reference {@code i} of an inner chunk. */
    public ChunkRef child(int i) {
        return children[i];
    }

    /** Returns the aggregates of item {@code i}. */
    public DirStats stats(int i) {
        return level == 0 ? DirStats.of(entries[i]) : childStats[i];
    }

    /** Returns the aggregates of the whole subtree. */
    public DirStats total() {
        DirStats t = total;
        if (t == null) {
            t = DirStats.EMPTY;
            for (int i = 0; i < keys.length; i++) {
                t = t.plus(stats(i));
            }
            total = t;
        }
        return t;
    }

    /** Returns the index of {@code key}, or {@code -(insertion point) - 1}, in UTF-8 name order. */
    public int search(String key) {
        return Arrays.binarySearch(keys, key, io.aetherfs.core.model.Names.ORDER);
    }

    /** Returns the memoized identity (hash of the encoding), or null if not computed yet. */
    Hash memoizedIdentity() {
        return identity;
    }

    void memoizeIdentity(Hash h) {
        identity = h;
    }

    /** Returns the canonical-hash memo attached by {@link Canonical}, or null. */
    Object canonicalMemo() {
        return canonicalMemo;
    }

    void canonicalMemo(Object memo) {
        canonicalMemo = memo;
    }
}
