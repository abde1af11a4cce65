package io.aetherfs.core.tree;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Names;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Fluent builders and an in-memory node store for tree tests. */
final class TestTrees {
    /** A node source over a map, which also acts as the store of flushed chunks. */
    static final class MapSource implements NodeSource {
        final Map<Hash, byte[]> stored = new HashMap<>();
        int loads;

        @Override
        public Chunk load(Hash id) {
            loads++;
            byte[] b = stored.get(id);
            if (b == null) {
                throw new IllegalStateException("missing chunk " + id);
            }
            return NodeCodec.decodeChunk(b);
        }

        /** Stores every dirty chunk of {@code root} and marks it stored. */
        void flush(DirEntry root) {
            List<DirtyNodes.Node> nodes = DirtyNodes.collect(root);
            for (DirtyNodes.Node n : nodes) {
                if (n.encoding() != null) {
                    stored.put(n.id(), n.encoding());
                }
            }
            DirtyNodes.markStored(nodes);
        }
    }

    private TestTrees() {}

    static Attrs attrs(long inode, int mode) {
        return new Attrs(inode, mode, 0, 0, 0, Xattrs.NONE);
    }

    static DirEntry emptyRoot() {
        return new DirEntry(attrs(1, 0755), ChunkRef.EMPTY, DirStats.EMPTY);
    }

    static FileEntry file(long inode, int mode, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        Hash h = Hash.of(data);
        List<Extent> extents = data.length == 0 ? List.of() : List.of(new Extent(0, data.length, h));
        return new FileEntry(attrs(inode, mode), new Content(data.length, extents, h), Links.NONE);
    }

    static DirEntry dir(long inode, int mode) {
        return new DirEntry(attrs(inode, mode), ChunkRef.EMPTY, DirStats.EMPTY);
    }

    static SymlinkEntry symlink(long inode, String target) {
        return new SymlinkEntry(attrs(inode, 0777), target, Links.NONE);
    }

    /** Returns a directory holding exactly {@code entries}. */
    static ChunkRef chunkOf(Map<String, Entry> entries, NodeSource source) {
        TreeMap<String, Entry> edits = new TreeMap<>(Names.ORDER);
        edits.putAll(entries);
        return ChunkTree.edit(ChunkRef.EMPTY, edits, source);
    }

    static FsPath p(String s) {
        return FsPath.parse(s);
    }
}
