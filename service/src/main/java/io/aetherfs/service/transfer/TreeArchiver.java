package io.aetherfs.service.transfer;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.SpecialEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveEntryType;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tree (or the subtree at a prefix) as an archive, directories before their contents; the
 * second and later paths of a hard-linked inode become link entries to the first.
 */
final class TreeArchiver {
    private final FileTree ft;
    private final ContentStore store;

    TreeArchiver(FileTree ft, ContentStore store) {
        this.ft = ft;
        this.store = store;
    }

    void write(DirEntry root, FsPath prefix, ArchiveFormat format, OutputStream out) throws IOException {
        Map<Long, FsPath> firstPathOfInode = new HashMap<>();
        try (ArchiveWriter w = ArchiveWriter.open(format, out)) {
            Entry top = ft.require(root, prefix);
            try {
                if (!prefix.isRoot()) {
                    add(w, prefix, top, firstPathOfInode);
                }
                if (top instanceof DirEntry d) {
                    walk(w, prefix, d, firstPathOfInode);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            w.finish();
        }
    }

    /** Visits children in name order, recursing into directories right after them (tar readers need parents first). */
    private void walk(ArchiveWriter w, FsPath dir, DirEntry d, Map<Long, FsPath> firsts) throws IOException {
        Iterator<Map.Entry<String, Entry>> it = ft.entries(d, null);
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            FsPath p = dir.child(e.getKey());
            add(w, p, e.getValue(), firsts);
            if (e.getValue() instanceof DirEntry child) {
                walk(w, p, child, firsts);
            }
        }
    }

    private void add(ArchiveWriter w, FsPath path, Entry e, Map<Long, FsPath> firsts) throws IOException {
        var a = e.attrs();
        Instant mtime = Instant.ofEpochSecond(
                Math.floorDiv(a.mtimeNanos(), 1_000_000_000L), Math.floorMod(a.mtimeNanos(), 1_000_000_000L));
        java.util.SortedMap<String, byte[]> xattrs = new TreeMap<>(a.xattrs().asMap());
        if (!e.links().isEmpty()) {
            FsPath first = firsts.putIfAbsent(a.inode(), path);
            if (first != null) {
                ArchiveEntry link = new ArchiveEntry(
                        path.value(),
                        ArchiveEntryType.HARD_LINK,
                        a.mode(),
                        a.uid(),
                        a.gid(),
                        mtime,
                        0,
                        first.value(),
                        0,
                        xattrs);
                w.add(
                        link,
                        e instanceof FileEntry f
                                ? () -> new ContentStream(
                                        store, f.content(), 0, f.content().size())
                                : null);
                return;
            }
        }
        switch (e) {
            case DirEntry d ->
                w.add(
                        new ArchiveEntry(
                                path.value(),
                                ArchiveEntryType.DIRECTORY,
                                a.mode(),
                                a.uid(),
                                a.gid(),
                                mtime,
                                0,
                                null,
                                0,
                                xattrs),
                        null);
            case FileEntry f ->
                w.add(
                        new ArchiveEntry(
                                path.value(),
                                ArchiveEntryType.FILE,
                                a.mode(),
                                a.uid(),
                                a.gid(),
                                mtime,
                                f.content().size(),
                                null,
                                0,
                                xattrs),
                        () -> new ContentStream(
                                store, f.content(), 0, f.content().size()));
            case SymlinkEntry s ->
                w.add(
                        new ArchiveEntry(
                                path.value(),
                                ArchiveEntryType.SYMLINK,
                                a.mode(),
                                a.uid(),
                                a.gid(),
                                mtime,
                                0,
                                s.target(),
                                0,
                                xattrs),
                        null);
            case SpecialEntry s ->
                w.add(
                        new ArchiveEntry(
                                path.value(), special(s), a.mode(), a.uid(), a.gid(), mtime, 0, null, s.rdev(), xattrs),
                        null);
        }
    }

    private static ArchiveEntryType special(SpecialEntry s) {
        return switch (s.type()) {
            case FIFO -> ArchiveEntryType.FIFO;
            case SOCKET -> ArchiveEntryType.SOCKET;
            case CHAR_DEVICE -> ArchiveEntryType.CHAR_DEVICE;
            case BLOCK_DEVICE -> ArchiveEntryType.BLOCK_DEVICE;
            default -> throw new IllegalStateException(s.type() + " is not special");
        };
    }
}
