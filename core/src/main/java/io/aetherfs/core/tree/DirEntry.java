package io.aetherfs.core.tree;

import io.aetherfs.core.model.EntryType;

/**
 * A directory: its attributes, a reference to the root chunk of its children, and the statistics of
 * its subtree. The root of a session's tree is a DirEntry too (inode 1).
 */
public record DirEntry(Attrs attrs, ChunkRef children, DirStats stats) implements Entry {
    /** Returns a directory with {@code attrs} and no entries (a new session's root, an empty underlay). */
    public static DirEntry empty(Attrs attrs) {
        return new DirEntry(attrs, ChunkRef.EMPTY, DirStats.EMPTY);
    }

    @Override
    public EntryType type() {
        return EntryType.DIRECTORY;
    }

    @Override
    public DirEntry withAttrs(Attrs a) {
        return new DirEntry(a, children, stats);
    }

    /** Returns a copy with other children. */
    public DirEntry withChildren(ChunkRef ref, DirStats s) {
        return new DirEntry(attrs, ref, s);
    }

    @Override
    public long size() {
        return stats.entries();
    }

    /** Returns the link count a directory reports: 2 plus its subdirectories. */
    public long nlink() {
        return 2 + stats.subdirs();
    }
}
