package io.aetherfs.core.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the canonical chunk tree of a sorted stream of entries. Callers may splice in a whole
 * existing subtree instead of its entries when the builder is aligned below that subtree's level
 * (nothing pending there), which yields the same result as streaming its entries — this is how an
 * edit reuses every untouched chunk.
 */
final class ChunkBuilder {
    private final List<Level> levels = new ArrayList<>();

    /**
     * Pending items of one level, the number of chunks the finished level will hold, and the last of
     * them (null when it lies inside a spliced-in subtree and is therefore not known here).
     */
    private static final class Level {
        final List<String> keys = new ArrayList<>();
        final List<Entry> entries = new ArrayList<>();
        final List<ChunkRef> children = new ArrayList<>();
        final List<DirStats> stats = new ArrayList<>();
        long chunks;
        ChunkRef last;

        boolean isEmpty() {
            return keys.isEmpty();
        }
    }

    /** Appends an entry; names must arrive in strictly increasing order. */
    void addEntry(String name, Entry entry) {
        Level l = level(0);
        l.keys.add(name);
        l.entries.add(entry);
        if (Boundary.isBoundary(0, name)) {
            cut(0);
        }
    }

    /**
     * Appends an existing chunk at {@code childLevel} whose last key is {@code lastKey}; requires
     * {@link #alignedBelow(int)} for {@code childLevel + 1} and that the chunk ends at a boundary (or is
     * the last chunk of its level).
     */
    void addChunk(int childLevel, String lastKey, ChunkRef ref, DirStats stats) {
        // The subtree holds at least one chunk at every level below its own, at unknown places.
        for (int i = 0; i < childLevel; i++) {
            Level l = level(i);
            l.chunks++;
            l.last = null;
        }
        Level own = level(childLevel);
        own.chunks++;
        own.last = ref;
        addItem(childLevel + 1, lastKey, ref, stats);
    }

    /** Returns whether nothing is pending at any level below {@code level}. */
    boolean alignedBelow(int level) {
        for (int i = 0; i < Math.min(level, levels.size()); i++) {
            if (!levels.get(i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finishes the stream and returns the root: the single chunk of the lowest level that has only one
     * (the empty chunk for no entries). A root with one item is replaced by its child, which happens
     * when a spliced-in subtree turns out to be all that is left.
     */
    ChunkRef finish(NodeSource source) {
        ChunkRef root = ChunkRef.EMPTY;
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            if (!l.isEmpty()) {
                cut(i);
            }
            if (l.chunks == 1 && l.last != null) {
                root = l.last;
                break;
            }
        }
        Chunk c = root.resolve(source);
        while (c.level() > 0 && c.size() == 1) {
            root = c.child(0);
            c = root.resolve(source);
        }
        return root;
    }

    private void addItem(int level, String key, ChunkRef ref, DirStats stats) {
        Level l = level(level);
        l.keys.add(key);
        l.children.add(ref);
        l.stats.add(stats);
        if (Boundary.isBoundary(level, key)) {
            cut(level);
        }
    }

    private void cut(int level) {
        Level l = levels.get(level);
        Chunk chunk = level == 0 ? Chunk.leaf(l.keys, l.entries) : Chunk.inner(level, l.keys, l.children, l.stats);
        String lastKey = l.keys.getLast();
        l.keys.clear();
        l.entries.clear();
        l.children.clear();
        l.stats.clear();
        l.chunks++;
        ChunkRef ref = ChunkRef.dirty(chunk);
        l.last = ref;
        addItem(level + 1, lastKey, ref, chunk.total());
    }

    private Level level(int i) {
        while (levels.size() <= i) {
            levels.add(new Level());
        }
        return levels.get(i);
    }
}
