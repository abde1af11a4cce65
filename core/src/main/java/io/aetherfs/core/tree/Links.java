package io.aetherfs.core.tree;

import io.aetherfs.core.model.FsPath;
import java.util.ArrayList;
import java.util.List;

/**
 * The other paths of a hard-linked entry (nlink = 1 + size). Every path of an inode carries the same
 * content and attributes, and lists all its siblings, so a write through one path is applied to all.
 */
public record Links(List<FsPath> others) {
    public static final Links NONE = new Links(List.of());

    public Links {
        others = others.stream().sorted().distinct().toList();
    }

    /** Returns the link count of an entry with these siblings. */
    public int nlink() {
        return 1 + others.size();
    }

    /** Returns whether the entry has other paths. */
    public boolean isEmpty() {
        return others.isEmpty();
    }

    /** Returns a copy with {@code p} added. */
    public Links with(FsPath p) {
        List<FsPath> l = new ArrayList<>(others);
        l.add(p);
        return new Links(l);
    }

    /** Returns a copy with {@code p} removed. */
    public Links without(FsPath p) {
        List<FsPath> l = new ArrayList<>(others);
        l.remove(p);
        return l.isEmpty() ? NONE : new Links(l);
    }
}
