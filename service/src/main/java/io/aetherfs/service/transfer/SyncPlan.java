package io.aetherfs.service.transfer;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.SpecialEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.core.tree.TreeEditor;
import io.aetherfs.core.tree.TreeOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The archive's entries as tree edits, applied to whatever tree is current: an entry replaces what is
 * at its path when the type differs, updates it otherwise; with deleteMissing, everything under the
 * base path the archive does not mention (nor any ancestor of what it mentions) is removed. Source
 * imports build their revision trees with it too, on the empty tree.
 */
public final class SyncPlan {
    /** One archive entry at its session path; {@code content} is set for regular files. */
    public record Item(FsPath path, Entry entry, Content content, FsPath linkTo) {}

    private final FsPath base;
    private final boolean deleteMissing;
    private final List<Item> items = new ArrayList<>();
    private final Set<FsPath> present = new HashSet<>();
    /** Inode numbers the plan may use: its base directory's, then each item's own and its parents'. */
    private long inodes;

    public SyncPlan(FsPath base, boolean deleteMissing) {
        this.base = base;
        this.deleteMissing = deleteMissing;
        this.inodes = base.depth() + 2;
        present.add(base);
    }

    public void add(Item item) {
        items.add(item);
        inodes += item.path().depth() + 2;
        for (FsPath p = item.path(); !p.equals(base) && !p.isRoot(); p = p.parent()) {
            if (!present.add(p)) {
                break;
            }
        }
    }

    public int size() {
        return items.size();
    }

    /** Returns how many consecutive fresh inode numbers {@link #apply} needs from its base. */
    public long inodesNeeded() {
        return inodes;
    }

    /** Returns {@code tree} with the archive applied. */
    public DirEntry apply(FileTree ft, DirEntry tree, long now, long inodeBase) {
        TreeEditor ed = new TreeEditor(ft);
        if (!ft.lookup(tree, base).map(e -> e instanceof DirEntry).orElse(false)) {
            tree = replaceWithDir(ft, ed, tree, base, now, inodeBase);
        }
        long inode = inodeBase + base.depth() + 2;
        for (Item it : items) {
            tree = applyOne(ft, ed, tree, it, now, inode);
            inode += it.path().depth() + 2;
        }
        if (deleteMissing) {
            List<FsPath> gone = new ArrayList<>();
            collectMissing(ft, (DirEntry) ft.require(tree, base), base, gone);
            for (FsPath p : gone) {
                Entry e = ft.require(tree, p);
                tree = ed.apply(
                        tree, e instanceof DirEntry ? new TreeOp.Rmdir(p, true, now) : new TreeOp.Remove(p, now));
            }
        }
        return tree;
    }

    private DirEntry applyOne(FileTree ft, TreeEditor ed, DirEntry tree, Item it, long now, long inode) {
        FsPath p = it.path();
        Entry want = it.entry();
        Entry have = ft.lookup(tree, p).orElse(null);
        if (have != null
                && (it.linkTo() != null
                        || have.type() != want.type()
                        || want instanceof SymlinkEntry
                        || want instanceof SpecialEntry)) {
            tree = ed.apply(
                    tree, have instanceof DirEntry ? new TreeOp.Rmdir(p, true, now) : new TreeOp.Remove(p, now));
            have = null;
        }
        var a = want.attrs();
        if (it.linkTo() != null) {
            tree = ensureParent(ft, ed, tree, p, now, inode);
            return ed.apply(tree, new TreeOp.Link(it.linkTo(), p, now));
        }
        tree = switch (want) {
            case FileEntry f ->
                ed.apply(
                        tree,
                        new TreeOp.PutFile(p, it.content(), a.mode(), a.uid(), a.gid(), a.mtimeNanos(), true, inode));
            case DirEntry d ->
                have == null
                        ? ed.apply(tree, new TreeOp.Mkdir(p, a.mode(), a.uid(), a.gid(), a.mtimeNanos(), true, inode))
                        : ed.apply(tree, new TreeOp.SetAttrs(p, a.mode(), a.uid(), a.gid(), a.mtimeNanos(), null));
            case SymlinkEntry s ->
                ed.apply(tree, new TreeOp.Symlink(p, s.target(), a.uid(), a.gid(), a.mtimeNanos(), true, inode));
            case SpecialEntry s ->
                ed.apply(
                        tree,
                        new TreeOp.Mknod(
                                p, s.type(), a.mode(), s.rdev(), a.uid(), a.gid(), a.mtimeNanos(), true, inode));
        };
        for (Map.Entry<String, byte[]> x : a.xattrs().asMap().entrySet()) {
            tree = ed.apply(tree, new TreeOp.SetXattr(p, x.getKey(), x.getValue(), 0));
        }
        return tree;
    }

    private static DirEntry ensureParent(FileTree ft, TreeEditor ed, DirEntry tree, FsPath p, long now, long inode) {
        if (ft.lookup(tree, p.parent()).isEmpty()) {
            tree = ed.apply(tree, new TreeOp.Mkdir(p.parent(), 0755, 0, 0, now, true, inode));
        }
        return tree;
    }

    private static DirEntry replaceWithDir(
            FileTree ft, TreeEditor ed, DirEntry tree, FsPath base, long now, long inode) {
        Entry have = ft.lookup(tree, base).orElse(null);
        if (have != null) {
            tree = ed.apply(tree, new TreeOp.Remove(base, now));
        }
        return ed.apply(tree, new TreeOp.Mkdir(base, 0755, 0, 0, now, true, inode));
    }

    private void collectMissing(FileTree ft, DirEntry dir, FsPath at, List<FsPath> gone) {
        Iterator<Map.Entry<String, Entry>> it = ft.entries(dir, null);
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            FsPath p = at.child(e.getKey());
            if (!present.contains(p)) {
                gone.add(p);
            } else if (e.getValue() instanceof DirEntry d) {
                collectMissing(ft, d, p, gone);
            }
        }
    }

    /** Returns the session path of an archive path under the base. */
    public FsPath resolve(String archivePath) {
        try {
            return base.isRoot() ? FsPath.parse(archivePath) : FsPath.parse(base.value() + "/" + archivePath);
        } catch (AfsException e) {
            throw AfsException.invalid(
                    "archive entry \"" + archivePath + "\" is not a valid session path: " + e.getMessage());
        }
    }
}
