package io.aetherfs.core.tree;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Names;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Path-level reads and path-copying writes on a tree, given as its root directory entry. A write
 * rebuilds the chunks of each directory on the path and nothing else; every other subtree is shared
 * with the input tree.
 */
public final class FileTree {
    private final NodeSource source;

    public FileTree(NodeSource source) {
        this.source = source;
    }

    /** Returns the source used to load stored chunks. */
    public NodeSource source() {
        return source;
    }

    /** Returns the entry at {@code path} (the root entry for the root), or empty. */
    public Optional<Entry> lookup(DirEntry root, FsPath path) {
        Entry cur = root;
        for (String name : path.components()) {
            if (!(cur instanceof DirEntry d)) {
                return Optional.empty();
            }
            Optional<Entry> next = child(d, name);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        return Optional.of(cur);
    }

    /** Returns the entry named {@code name} directly in {@code dir}, or empty. */
    public Optional<Entry> child(DirEntry dir, String name) {
        return ChunkTree.find(dir.children(), name, source);
    }

    /**
     * Returns the entries of {@code dir} in name order ({@link Names#ORDER}) with names strictly after
     * {@code after} (null: from the first), reading only the chunks from there on: a listing resumes
     * where its last page ended.
     */
    public Iterator<Map.Entry<String, Entry>> entries(DirEntry dir, String after) {
        return ChunkTree.iterator(dir.children(), after, source);
    }

    /**
     * Returns {@code dir} with its entries edited, attributes kept: a non-null value puts the entry under
     * its name, a null value removes the name (absent names are ignored). Keys of {@code edits} must be
     * ordered by {@link Names#ORDER}. Only the chunks holding edited names are rebuilt.
     */
    public DirEntry edit(DirEntry dir, NavigableMap<String, Entry> edits) {
        ChunkRef children = ChunkTree.edit(dir.children(), edits, source);
        return dir.withChildren(children, children.resolve(source).total());
    }

    /** Receives a name whose entries differ between two directories, with each side's entry (null where absent). */
    @FunctionalInterface
    public interface EntryDiff {
        void differs(String name, Entry a, Entry b);
    }

    /**
     * Reports, in name order, every name whose entries in directories {@code a} and {@code b} are not
     * identical; runs of identical entries are skipped without being read, so the work follows the
     * differences, not the directories' sizes.
     */
    public void diffEntries(DirEntry a, DirEntry b, EntryDiff diff) {
        ChunkDiff.diff(a.children(), b.children(), source, diff::differs);
    }

    /** Returns the entry at {@code path} or throws NOT_FOUND with reason PATH_NOT_FOUND. */
    public Entry require(DirEntry root, FsPath path) {
        return lookup(root, path).orElseThrow(() -> notFound(path));
    }

    /** Returns the directory at {@code path}, or throws PATH_NOT_FOUND / NOT_A_DIRECTORY. */
    public DirEntry requireDir(DirEntry root, FsPath path) {
        Entry e = require(root, path);
        if (e instanceof DirEntry d) {
            return d;
        }
        throw AfsException.of(Reason.NOT_A_DIRECTORY, "\"" + path + "\" is not a directory", "path", path.value());
    }

    /**
     * Returns the tree with {@code entry} at {@code path} (replacing what is there). Missing parents are
     * created by {@code parents} when given, else the write fails with PATH_NOT_FOUND. When the name is
     * new to its parent, the parent's mtime becomes {@code nowNanos}.
     */
    public DirEntry put(DirEntry root, FsPath path, Entry entry, ParentMaker parents, long nowNanos) {
        if (path.isRoot()) {
            if (!(entry instanceof DirEntry d)) {
                throw AfsException.of(Reason.IS_A_DIRECTORY, "the root is a directory", "path", "");
            }
            return d;
        }
        return (DirEntry) putIn(root, path, 0, entry, parents, nowNanos);
    }

    /** Returns the tree with the entry at {@code path} removed; the parent's mtime becomes {@code nowNanos}. */
    public DirEntry remove(DirEntry root, FsPath path, long nowNanos) {
        if (path.isRoot()) {
            throw AfsException.invalid("the root cannot be removed");
        }
        require(root, path);
        return (DirEntry) putIn(root, path, 0, null, null, nowNanos);
    }

    /** Returns the tree with the entry at {@code path} replaced by {@code change(entry)}; must exist. */
    public DirEntry update(DirEntry root, FsPath path, UnaryOperator<Entry> change) {
        Entry old = require(root, path);
        Entry updated = change.apply(old);
        if (path.isRoot()) {
            return (DirEntry) updated;
        }
        return (DirEntry) putIn(root, path, 0, updated, null, 0);
    }

    /** Creates a missing parent directory; returns its entry (with empty children). */
    @FunctionalInterface
    public interface ParentMaker {
        DirEntry make(FsPath path);
    }

    private Entry putIn(DirEntry dir, FsPath path, int i, Entry entry, ParentMaker parents, long now) {
        List<String> comps = path.components();
        String name = comps.get(i);
        Optional<Entry> existing = ChunkTree.find(dir.children(), name, source);
        Entry newChild;
        if (i == comps.size() - 1) {
            newChild = entry;
        } else {
            Entry child = existing.orElse(null);
            FsPath here = prefix(path, i + 1);
            if (child == null) {
                if (parents == null) {
                    throw notFound(here);
                }
                child = parents.make(here);
            }
            if (!(child instanceof DirEntry cd)) {
                throw AfsException.of(
                        Reason.NOT_A_DIRECTORY, "\"" + here + "\" is not a directory", "path", here.value());
            }
            newChild = putIn(cd, path, i + 1, entry, parents, now);
        }
        TreeMap<String, Entry> edit = new TreeMap<>(Names.ORDER);
        edit.put(name, newChild);
        ChunkRef children = ChunkTree.edit(dir.children(), edit, source);
        DirEntry updated = dir.withChildren(children, children.resolve(source).total());
        boolean namespaceChanged = existing.isEmpty() || newChild == null;
        return namespaceChanged ? updated.withAttrs(updated.attrs().withMtime(now)) : updated;
    }

    private static FsPath prefix(FsPath path, int n) {
        FsPath p = FsPath.ROOT;
        for (int i = 0; i < n; i++) {
            p = p.child(path.components().get(i));
        }
        return p;
    }

    /** Returns the NOT_FOUND error for a missing path. */
    public static AfsException notFound(FsPath path) {
        return AfsException.of(
                Reason.PATH_NOT_FOUND, "no such file or directory: \"" + path + "\"", "path", path.value());
    }
}
