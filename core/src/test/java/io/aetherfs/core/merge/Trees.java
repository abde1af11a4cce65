package io.aetherfs.core.merge;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.ChunkRef;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.DirStats;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.Links;
import io.aetherfs.core.tree.NodeSource;
import io.aetherfs.core.tree.TreeEditor;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.tree.Xattrs;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A fluent scenario builder for merge tests: trees as immutable values, content by string. */
final class Trees {
    final Map<Hash, byte[]> blobs = new HashMap<>();
    final NodeSource source = id -> {
        throw new IllegalStateException("all chunks are in memory");
    };
    final FileTree ft = new FileTree(source);
    private final TreeEditor editor = new TreeEditor(ft);
    private final AtomicLong inodes = new AtomicLong(100);

    /** An immutable tree with builder-style edits. */
    final class T {
        final DirEntry root;

        T(DirEntry root) {
            this.root = root;
        }

        T put(String path, String text) {
            Content c = content(text);
            return new T(editor.apply(
                    root, new TreeOp.PutFile(FsPath.parse(path), c, null, null, null, 1, true, inodes.addAndGet(10))));
        }

        T chmod(String path, int mode) {
            return new T(editor.apply(root, new TreeOp.SetAttrs(FsPath.parse(path), mode, null, null, null, null)));
        }

        T rm(String path) {
            Entry e = ft.require(root, FsPath.parse(path));
            return new T(editor.apply(
                    root,
                    e instanceof DirEntry
                            ? new TreeOp.Rmdir(FsPath.parse(path), true, 2)
                            : new TreeOp.Remove(FsPath.parse(path), 2)));
        }

        T mkdir(String path) {
            return new T(editor.apply(
                    root, new TreeOp.Mkdir(FsPath.parse(path), 0755, 0, 0, 1, true, inodes.addAndGet(10))));
        }

        String text(String path) {
            Optional<Entry> e = ft.lookup(root, FsPath.parse(path));
            if (e.isEmpty()) {
                return null;
            }
            if (!(e.get() instanceof FileEntry f)) {
                return "<" + e.get().type() + ">";
            }
            return f.content().size() == 0
                    ? ""
                    : new String(blobs.get(f.content().extents().getFirst().hash()), StandardCharsets.UTF_8);
        }
    }

    T empty() {
        return new T(new DirEntry(new Attrs(1, 0755, 0, 0, 0, Xattrs.NONE), ChunkRef.EMPTY, DirStats.EMPTY));
    }

    Content content(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) {
            return Content.EMPTY;
        }
        Hash h = Hash.of(b);
        blobs.put(h, b);
        return new Content(b.length, List.of(new Extent(0, b.length, h)), h);
    }

    private byte[] bytes(FileEntry f) {
        return f == null || f.content().size() == 0
                ? new byte[0]
                : blobs.get(f.content().extents().getFirst().hash());
    }

    TreeMerge.Options options(TreeMerge.Strategy strategy, Map<FsPath, TreeMerge.Side> resolutions, boolean lineMerge) {
        return new TreeMerge.Options(
                resolutions, strategy, lineMerge, f -> LineMerge.isText(bytes(f)), (p, o, a, b) -> {
                    LineMergeResult r = LineMerge.merge(bytes(o), bytes(a), bytes(b));
                    if (r instanceof LineMergeResult.Clean(byte[] merged)) {
                        return Optional.of(new FileEntry(
                                a.attrs(), content(new String(merged, StandardCharsets.UTF_8)), Links.NONE));
                    }
                    return Optional.empty();
                });
    }

    MergeOutcome merge(T ancestor, T ours, T theirs) {
        return merge(ancestor, ours, theirs, options(TreeMerge.Strategy.FAIL_ON_CONFLICT, Map.of(), true));
    }

    MergeOutcome merge(T ancestor, T ours, T theirs, TreeMerge.Options options) {
        return new TreeMerge(source, options).merge(ancestor.root, ours.root, theirs.root);
    }
}
