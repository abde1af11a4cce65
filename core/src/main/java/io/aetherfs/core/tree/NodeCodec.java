package io.aetherfs.core.tree;

import io.aetherfs.core.model.EntryType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.util.ByteReader;
import io.aetherfs.core.util.ByteWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage format of tree nodes (version 1). A node's id is the SHA-256 of its encoding, which
 * covers everything stored (mtime, owner, inode too), unlike the canonical fingerprint hash.
 *
 * <pre>
 * chunk  := 'C' 0x01 level:varint count:varint item*
 * item   := name:str entry                                  (level 0)
 *         | lastName:str childId:32 stats                   (level ≥ 1)
 * root   := 'T' 0x01 entry                                  (a session tree: its root directory)
 * commit := 'K' 0x01 root:32 hasParent:u8 [parent:32] author:str time:zigzag message:str
 * entry  := attrs ( 'F' size:varint hasHash:u8 [hash:32] n:varint (offset:varint len:varint hash:32)* links
 *                 | 'D' childrenId:32 stats
 *                 | 'L' target:str links
 *                 | 'S' kind:u8 rdev:varint links )
 * attrs  := inode:varint mode:varint uid:varint gid:varint mtime:zigzag nx:varint (name:str value:bytes)*
 * stats  := entries subdirs files bytes linked   (varints)
 * links  := n:varint path:str*
 * </pre>
 */
public final class NodeCodec {
    public static final Hash EMPTY_CHUNK_ID = Hash.of(encodeChunk(Chunk.EMPTY));
    private static final int VERSION = 1;

    private NodeCodec() {}

    /** Returns the identity of a chunk: the hash of its encoding (memoized on the chunk). */
    public static Hash identity(Chunk c) {
        Hash h = c.memoizedIdentity();
        if (h == null) {
            h = Hash.of(encodeChunk(c));
            c.memoizeIdentity(h);
        }
        return h;
    }

    /** Encodes a chunk; children are named by their identity (computed for unstored ones). */
    public static byte[] encodeChunk(Chunk c) {
        ByteWriter w = new ByteWriter(64 + c.size() * 96);
        w.u8('C').u8(VERSION).varint(c.level()).varint(c.size());
        for (int i = 0; i < c.size(); i++) {
            w.string(c.key(i));
            if (c.level() == 0) {
                writeEntry(w, c.entry(i));
            } else {
                w.hash(c.child(i).identity());
                writeStats(w, c.stats(i));
            }
        }
        return w.toByteArray();
    }

    /** Decodes a chunk; throws IllegalStateException on malformed bytes. */
    public static Chunk decodeChunk(byte[] data) {
        ByteReader r = new ByteReader(data);
        expectHeader(r, 'C');
        int level = r.varintInt();
        int n = r.varintInt();
        List<String> keys = new ArrayList<>(n);
        if (level == 0) {
            List<Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(r.string());
                entries.add(readEntry(r));
            }
            checkEnd(r);
            return Chunk.leaf(keys, entries);
        }
        List<ChunkRef> children = new ArrayList<>(n);
        List<DirStats> stats = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(r.string());
            children.add(ChunkRef.stored(r.hash()));
            stats.add(readStats(r));
        }
        checkEnd(r);
        return Chunk.inner(level, keys, children, stats);
    }

    /** Encodes the root directory of a tree as a tree-root node. */
    public static byte[] encodeRoot(DirEntry root) {
        ByteWriter w = new ByteWriter(128);
        w.u8('T').u8(VERSION);
        writeEntry(w, root);
        return w.toByteArray();
    }

    /** Decodes a tree-root node. */
    public static DirEntry decodeRoot(byte[] data) {
        ByteReader r = new ByteReader(data);
        expectHeader(r, 'T');
        Entry e = readEntry(r);
        checkEnd(r);
        if (!(e instanceof DirEntry d)) {
            throw new IllegalStateException("tree root is not a directory");
        }
        return d;
    }

    /** Encodes a commit object. */
    static byte[] encodeCommit(CommitObject c) {
        ByteWriter w = new ByteWriter(128 + c.message().length());
        w.u8('K').u8(VERSION).hash(c.root());
        if (c.parent() != null) {
            w.u8(1).hash(c.parent());
        } else {
            w.u8(0);
        }
        w.string(c.author()).zigzag(c.timeMillis()).string(c.message());
        return w.toByteArray();
    }

    /** Decodes a commit object. */
    static CommitObject decodeCommit(byte[] data) {
        ByteReader r = new ByteReader(data);
        expectHeader(r, 'K');
        Hash root = r.hash();
        Hash parent = r.u8() == 1 ? r.hash() : null;
        CommitObject c = new CommitObject(root, parent, r.string(), r.zigzag(), r.string());
        checkEnd(r);
        return c;
    }

    /** Returns the kind letter of an encoded node ('C' chunk, 'T' tree root, 'K' commit), for fsck and GC. */
    public static char kindOf(byte[] data) {
        return data.length == 0 ? '?' : (char) data[0];
    }

    static void writeEntry(ByteWriter w, Entry e) {
        Attrs a = e.attrs();
        w.varint(a.inode()).varint(a.mode()).varint(a.uid() & 0xffffffffL).varint(a.gid() & 0xffffffffL);
        w.zigzag(a.mtimeNanos());
        w.varint(a.xattrs().size());
        for (Map.Entry<String, byte[]> x : a.xattrs().asMap().entrySet()) {
            w.string(x.getKey()).bytes(x.getValue());
        }
        switch (e) {
            case FileEntry f -> {
                Content c = f.content();
                w.u8('F').varint(c.size());
                if (c.contentHash() != null) {
                    w.u8(1).hash(c.contentHash());
                } else {
                    w.u8(0);
                }
                w.varint(c.extents().size());
                for (Extent x : c.extents()) {
                    w.varint(x.offset()).varint(x.length()).hash(x.hash());
                }
                writeLinks(w, f.links());
            }
            case DirEntry d -> {
                w.u8('D').hash(d.children().identity());
                writeStats(w, d.stats());
            }
            case SymlinkEntry s -> {
                w.u8('L').string(s.target());
                writeLinks(w, s.links());
            }
            case SpecialEntry s -> {
                w.u8('S').u8(s.type().ordinal()).varint(s.rdev());
                writeLinks(w, s.links());
            }
        }
    }

    static Entry readEntry(ByteReader r) {
        long inode = r.varint();
        int mode = r.varintInt();
        int uid = (int) r.varint();
        int gid = (int) r.varint();
        long mtime = r.zigzag();
        int nx = r.varintInt();
        Map<String, byte[]> x = new LinkedHashMap<>();
        for (int i = 0; i < nx; i++) {
            x.put(r.string(), r.bytes());
        }
        Attrs attrs = new Attrs(inode, mode, uid, gid, mtime, Xattrs.of(x));
        int tag = r.u8();
        return switch (tag) {
            case 'F' -> {
                long size = r.varint();
                Hash hash = r.u8() == 1 ? r.hash() : null;
                int n = r.varintInt();
                List<Extent> extents = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    extents.add(new Extent(r.varint(), r.varintInt(), r.hash()));
                }
                yield new FileEntry(attrs, new Content(size, extents, hash), readLinks(r));
            }
            case 'D' -> new DirEntry(attrs, ChunkRef.stored(r.hash()), readStats(r));
            case 'L' -> new SymlinkEntry(attrs, r.string(), readLinks(r));
            case 'S' -> new SpecialEntry(attrs, EntryType.values()[r.u8()], r.varint(), readLinks(r));
            default -> throw new IllegalStateException("unknown entry tag " + tag);
        };
    }

    private static void writeLinks(ByteWriter w, Links links) {
        w.varint(links.others().size());
        for (FsPath p : links.others()) {
            w.string(p.value());
        }
    }

    private static Links readLinks(ByteReader r) {
        int n = r.varintInt();
        if (n == 0) {
            return Links.NONE;
        }
        List<FsPath> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(FsPath.parse(r.string()));
        }
        return new Links(l);
    }

    private static void writeStats(ByteWriter w, DirStats s) {
        w.varint(s.entries())
                .varint(s.subdirs())
                .varint(s.files())
                .varint(s.bytes())
                .varint(s.linked());
    }

    private static DirStats readStats(ByteReader r) {
        return new DirStats(r.varint(), r.varint(), r.varint(), r.varint(), r.varint());
    }

    private static void expectHeader(ByteReader r, char kind) {
        int k = r.u8();
        if (k != kind) {
            throw new IllegalStateException("expected a '" + kind + "' node, found tag " + k);
        }
        int v = r.u8();
        if (v != VERSION) {
            throw new IllegalStateException("unsupported node format version " + v);
        }
    }

    private static void checkEnd(ByteReader r) {
        if (!r.atEnd()) {
            throw new IllegalStateException("trailing bytes after node");
        }
    }
}
