package io.aetherfs.core.tree;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Applies {@link TreeOp}s to a tree with POSIX semantics (existence and type rules, directory mtimes,
 * hard links). Applying an op either returns the new tree or throws an {@link AfsException} and
 * changes nothing; the same op on the same tree always gives the same result, which makes
 * write-ahead log replay exact.
 */
public final class TreeEditor {
    private final FileTree ft;

    public TreeEditor(FileTree ft) {
        this.ft = ft;
    }

    /** Returns the tree after {@code op}. */
    public DirEntry apply(DirEntry root, TreeOp op) {
        return switch (op) {
            case TreeOp.PutFile o -> putFile(root, o);
            case TreeOp.SetContent o ->
                writeThrough(root, o.path(), e -> file(o.path(), e)
                        .withContent(o.content())
                        .withAttrs(e.attrs().withMtime(o.mtime())));
            case TreeOp.Remove o -> remove(root, o);
            case TreeOp.Mkdir o ->
                create(
                        root,
                        o.path(),
                        new DirEntry(
                                new Attrs(o.inodeBase(), o.mode(), o.uid(), o.gid(), o.mtime(), Xattrs.NONE),
                                ChunkRef.EMPTY,
                                DirStats.EMPTY),
                        o.createParents(),
                        o.inodeBase(),
                        o.uid(),
                        o.gid(),
                        o.mtime());
            case TreeOp.Rmdir o -> rmdir(root, o);
            case TreeOp.Rename o -> o.exchange() ? exchange(root, o) : rename(root, o);
            case TreeOp.Symlink o ->
                create(
                        root,
                        o.path(),
                        new SymlinkEntry(
                                new Attrs(o.inodeBase(), 0777, o.uid(), o.gid(), o.mtime(), Xattrs.NONE),
                                o.target(),
                                Links.NONE),
                        o.createParents(),
                        o.inodeBase(),
                        o.uid(),
                        o.gid(),
                        o.mtime());
            case TreeOp.Mknod o ->
                create(
                        root,
                        o.path(),
                        new SpecialEntry(
                                new Attrs(o.inodeBase(), o.mode(), o.uid(), o.gid(), o.mtime(), Xattrs.NONE),
                                o.type(),
                                o.rdev(),
                                Links.NONE),
                        o.createParents(),
                        o.inodeBase(),
                        o.uid(),
                        o.gid(),
                        o.mtime());
            case TreeOp.Link o -> link(root, o);
            case TreeOp.SetAttrs o -> setAttrs(root, o);
            case TreeOp.SetXattr o -> writeThrough(root, o.path(), e -> setXattr(e, o));
            case TreeOp.RemoveXattr o ->
                writeThrough(root, o.path(), e -> {
                    if (!e.attrs().xattrs().contains(o.name())) {
                        throw new AfsException(
                                ErrorCode.NOT_FOUND, "no extended attribute " + o.name() + " on \"" + o.path() + "\"");
                    }
                    return e.withAttrs(e.attrs().withXattrs(e.attrs().xattrs().without(o.name())));
                });
        };
    }

    private DirEntry putFile(DirEntry root, TreeOp.PutFile o) {
        Entry existing = ft.lookup(root, o.path()).orElse(null);
        if (existing instanceof DirEntry) {
            throw isDirectory(o.path());
        }
        if (existing instanceof FileEntry f) {
            Attrs a = f.attrs();
            Attrs na = new Attrs(
                    a.inode(),
                    o.mode() != null ? o.mode() : a.mode(),
                    o.uid() != null ? o.uid() : a.uid(),
                    o.gid() != null ? o.gid() : a.gid(),
                    o.mtime(),
                    a.xattrs());
            return writeThrough(root, o.path(), e -> ((FileEntry) e)
                    .withContent(o.content())
                    .withAttrs(na));
        }
        if (existing != null) {
            // a symlink or special file is replaced by the new regular file
            List<LinkFixup.Located> linked = LinkFixup.collect(ft, root, o.path());
            root = LinkFixup.apply(ft, root, linked, UnaryOperator.identity(), p -> p.equals(o.path()));
        }
        int uid = o.uid() != null ? o.uid() : 0;
        int gid = o.gid() != null ? o.gid() : 0;
        FileEntry f = new FileEntry(
                new Attrs(o.inodeBase(), o.mode() != null ? o.mode() : 0644, uid, gid, o.mtime(), Xattrs.NONE),
                o.content(),
                Links.NONE);
        return ft.put(root, o.path(), f, parents(o.createParents(), o.inodeBase(), uid, gid, o.mtime()), o.mtime());
    }

    private DirEntry create(
            DirEntry root,
            FsPath path,
            Entry entry,
            boolean createParents,
            long inodeBase,
            int uid,
            int gid,
            long mtime) {
        if (path.isRoot() || ft.lookup(root, path).isPresent()) {
            throw AfsException.of(Reason.PATH_EXISTS, "\"" + path + "\" already exists", "path", path.value());
        }
        return ft.put(root, path, entry, parents(createParents, inodeBase, uid, gid, mtime), mtime);
    }

    private DirEntry remove(DirEntry root, TreeOp.Remove o) {
        Entry e = ft.require(root, o.path());
        if (e instanceof DirEntry) {
            throw isDirectory(o.path());
        }
        List<LinkFixup.Located> linked = LinkFixup.collect(ft, root, o.path());
        root = LinkFixup.apply(ft, root, linked, UnaryOperator.identity(), p -> p.equals(o.path()));
        return ft.remove(root, o.path(), o.mtime());
    }

    private DirEntry rmdir(DirEntry root, TreeOp.Rmdir o) {
        DirEntry d = ft.requireDir(root, o.path());
        if (o.path().isRoot()) {
            throw AfsException.invalid("the root directory cannot be removed");
        }
        if (!o.recursive() && d.stats().entries() > 0) {
            throw AfsException.of(
                    Reason.DIRECTORY_NOT_EMPTY,
                    "directory \"" + o.path() + "\" is not empty",
                    "path",
                    o.path().value());
        }
        List<LinkFixup.Located> linked = LinkFixup.collect(ft, root, o.path());
        root = LinkFixup.apply(ft, root, linked, UnaryOperator.identity(), p -> p.startsWith(o.path()));
        return ft.remove(root, o.path(), o.mtime());
    }

    private DirEntry rename(DirEntry root, TreeOp.Rename o) {
        FsPath from = o.path();
        FsPath to = o.to();
        Entry src = ft.require(root, from);
        if (from.isRoot() || to.isRoot()) {
            throw AfsException.invalid("the root directory cannot be renamed or replaced");
        }
        if (from.equals(to)) {
            return root;
        }
        if (to.startsWith(from)) {
            throw AfsException.invalid("cannot move \"" + from + "\" into itself (\"" + to + "\")");
        }
        ft.requireDir(root, to.parent());
        Entry dst = ft.lookup(root, to).orElse(null);
        if (dst != null) {
            checkReplace(src, dst, to, o.overwrite());
            if (!(src instanceof DirEntry)
                    && src.attrs().inode() == dst.attrs().inode()
                    && src.links().others().contains(to)) {
                return root; // both names are links of one file: POSIX rename does nothing
            }
        }
        List<LinkFixup.Located> linked = new ArrayList<>(LinkFixup.collect(ft, root, from));
        if (dst != null) {
            linked.addAll(LinkFixup.collect(ft, root, to));
        }
        root = ft.remove(root, from, o.mtime());
        root = ft.put(root, to, src, null, o.mtime());
        root = touchParent(root, to, o.mtime());
        return LinkFixup.apply(
                ft,
                root,
                linked,
                p -> p.startsWith(from) ? p.rebase(from, to) : p,
                p -> dst != null && p.startsWith(to));
    }

    private DirEntry exchange(DirEntry root, TreeOp.Rename o) {
        FsPath a = o.path();
        FsPath b = o.to();
        Entry ea = ft.require(root, a);
        Entry eb = ft.require(root, b);
        if (a.isRoot() || b.isRoot() || a.startsWith(b) || b.startsWith(a)) {
            throw AfsException.invalid("cannot exchange \"" + a + "\" and \"" + b + "\": one contains the other");
        }
        List<LinkFixup.Located> linked = new ArrayList<>(LinkFixup.collect(ft, root, a));
        linked.addAll(LinkFixup.collect(ft, root, b));
        root = ft.put(root, a, eb, null, o.mtime());
        root = ft.put(root, b, ea, null, o.mtime());
        return LinkFixup.apply(
                ft,
                root,
                linked,
                p -> p.startsWith(a) ? p.rebase(a, b) : p.startsWith(b) ? p.rebase(b, a) : p,
                p -> false);
    }

    private static void checkReplace(Entry src, Entry dst, FsPath to, boolean overwrite) {
        if (!overwrite) {
            throw AfsException.of(Reason.PATH_EXISTS, "\"" + to + "\" already exists", "path", to.value());
        }
        if (src instanceof DirEntry && !(dst instanceof DirEntry)) {
            throw AfsException.of(
                    Reason.NOT_A_DIRECTORY,
                    "cannot replace non-directory \"" + to + "\" with a directory",
                    "path",
                    to.value());
        }
        if (!(src instanceof DirEntry) && dst instanceof DirEntry) {
            throw isDirectory(to);
        }
        if (dst instanceof DirEntry d && d.stats().entries() > 0) {
            throw AfsException.of(
                    Reason.DIRECTORY_NOT_EMPTY, "directory \"" + to + "\" is not empty", "path", to.value());
        }
    }

    /** Sets the parent's mtime even when the name already existed there (a rename replaced it). */
    private DirEntry touchParent(DirEntry root, FsPath path, long mtime) {
        return ft.update(root, path.parent(), e -> e.withAttrs(e.attrs().withMtime(mtime)));
    }

    private DirEntry link(DirEntry root, TreeOp.Link o) {
        Entry src = ft.require(root, o.existing());
        if (src instanceof DirEntry) {
            throw AfsException.of(
                    Reason.IS_A_DIRECTORY,
                    "cannot hard-link directory \"" + o.existing() + "\"",
                    "path",
                    o.existing().value());
        }
        if (ft.lookup(root, o.path()).isPresent()) {
            throw AfsException.of(
                    Reason.PATH_EXISTS,
                    "\"" + o.path() + "\" already exists",
                    "path",
                    o.path().value());
        }
        ft.requireDir(root, o.path().parent());
        List<FsPath> all = new ArrayList<>(src.links().others());
        all.add(o.existing());
        all.add(o.path());
        root = ft.put(root, o.path(), src.withLinks(linksWithout(all, o.path())), null, o.mtime());
        for (FsPath p : all) {
            if (!p.equals(o.path())) {
                root = ft.update(root, p, e -> e.withLinks(linksWithout(all, p)));
            }
        }
        return root;
    }

    private static Links linksWithout(List<FsPath> all, FsPath self) {
        List<FsPath> l = new ArrayList<>(all);
        l.remove(self);
        return new Links(l);
    }

    private DirEntry setAttrs(DirEntry root, TreeOp.SetAttrs o) {
        return writeThrough(root, o.path(), e -> {
            Attrs a = e.attrs();
            Attrs na = new Attrs(
                    a.inode(),
                    o.mode() != null ? o.mode() : a.mode(),
                    o.uid() != null ? o.uid() : a.uid(),
                    o.gid() != null ? o.gid() : a.gid(),
                    o.mtime() != null ? o.mtime() : a.mtimeNanos(),
                    a.xattrs());
            if (o.content() != null) {
                return file(o.path(), e).withContent(o.content()).withAttrs(na);
            }
            return e.withAttrs(na);
        });
    }

    private static Entry setXattr(Entry e, TreeOp.SetXattr o) {
        boolean present = e.attrs().xattrs().contains(o.name());
        if (o.flags() == 1 && present) {
            throw new AfsException(
                    ErrorCode.ALREADY_EXISTS,
                    "extended attribute " + o.name() + " already exists on \"" + o.path() + "\"");
        }
        if (o.flags() == 2 && !present) {
            throw new AfsException(
                    ErrorCode.NOT_FOUND, "no extended attribute " + o.name() + " on \"" + o.path() + "\"");
        }
        return e.withAttrs(e.attrs().withXattrs(e.attrs().xattrs().with(o.name(), o.value())));
    }

    /** Applies {@code change} to the entry at {@code path} and to every hard link of it. */
    private DirEntry writeThrough(DirEntry root, FsPath path, UnaryOperator<Entry> change) {
        Entry e = ft.require(root, path);
        root = ft.update(root, path, change);
        for (FsPath sibling : e.links().others()) {
            root = ft.update(root, sibling, change);
        }
        return root;
    }

    private static FileEntry file(FsPath path, Entry e) {
        if (e instanceof FileEntry f) {
            return f;
        }
        if (e instanceof DirEntry) {
            throw isDirectory(path);
        }
        throw AfsException.precondition("\"" + path + "\" is not a regular file");
    }

    private static AfsException isDirectory(FsPath path) {
        return AfsException.of(Reason.IS_A_DIRECTORY, "\"" + path + "\" is a directory", "path", path.value());
    }

    private static FileTree.ParentMaker parents(boolean create, long inodeBase, int uid, int gid, long mtime) {
        if (!create) {
            return null;
        }
        long[] next = {inodeBase + 1};
        return p ->
                new DirEntry(new Attrs(next[0]++, 0755, uid, gid, mtime, Xattrs.NONE), ChunkRef.EMPTY, DirStats.EMPTY);
    }
}
