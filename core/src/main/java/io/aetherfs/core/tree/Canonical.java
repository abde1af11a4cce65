package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Map;

/**
 * Computes canonical tree hashes and fingerprints exactly as spec §6.1 defines them (mode, content hash,
 * symlink target, rdev and xattrs count; mtime, owner and inode do not). Directory hashes are memoized
 * on their root chunk and, for stored chunks, in a {@link Memo} that survives restarts, so recomputing
 * a fingerprint after a change costs the changed directories only.
 */
public final class Canonical {
    private final NodeSource source;
    private final ContentHashes contentHashes;
    private final Memo memo;

    /** Resolves the content hash of a file whose hash was not computed at write time. */
    @FunctionalInterface
    public interface ContentHashes {
        Hash resolve(Content content);
    }

    /** A persistent memo of directory hashes keyed by stored root chunk id, mode and xattr digest. */
    public interface Memo {
        Hash get(Hash chunkId, int mode, String xattrDigest);

        void put(Hash chunkId, int mode, String xattrDigest, Hash canonical);

        Memo NONE = new Memo() {
            @Override
            public Hash get(Hash chunkId, int mode, String xattrDigest) {
                return null;
            }

            @Override
            public void put(Hash chunkId, int mode, String xattrDigest, Hash canonical) {}
        };
    }

    /** A directory hash remembered on its root chunk: valid for that mode and xattr digest. */
    public record DirMemo(int mode, String xattrDigest, Hash hash) {}

    /** Returns the directory hash remembered on a chunk, if one was computed. */
    public static java.util.Optional<DirMemo> remembered(Chunk c) {
        return c.canonicalMemo() instanceof DirMemo m ? java.util.Optional.of(m) : java.util.Optional.empty();
    }

    public Canonical(NodeSource source, ContentHashes contentHashes, Memo memo) {
        this.source = source;
        this.contentHashes = contentHashes;
        this.memo = memo;
    }

    /** Returns the 40-hex fingerprint of a tree: the first 40 characters of its root's canonical hash. */
    public String fingerprint(DirEntry root) {
        return of(root).hex().substring(0, 40);
    }

    /** Returns the canonical tree hash of an entry. */
    public Hash of(Entry e) {
        return switch (e) {
            case FileEntry f -> file(f.attrs(), contentHash(f.content()));
            case SymlinkEntry s -> Hash.of(("L\0" + s.target()).getBytes(StandardCharsets.UTF_8));
            case SpecialEntry s ->
                Hash.of(("S\0" + s.type().specialLetter() + "\0"
                                + mode(s.attrs().mode()) + "\0" + Long.toUnsignedString(s.rdev()) + "\0"
                                + s.attrs().xattrs().digest())
                        .getBytes(StandardCharsets.UTF_8));
            case DirEntry d -> dir(d);
        };
    }

    /** Returns the content hash of a file, resolving it when it was left to be computed lazily. */
    public Hash contentHash(Content c) {
        return c.contentHash() != null ? c.contentHash() : contentHashes.resolve(c);
    }

    private static Hash file(Attrs a, Hash contentHash) {
        return Hash.of(("F\0" + mode(a.mode()) + "\0" + contentHash.hex() + "\0"
                        + a.xattrs().digest())
                .getBytes(StandardCharsets.UTF_8));
    }

    private Hash dir(DirEntry d) {
        int mode = d.attrs().mode();
        String xd = d.attrs().xattrs().digest();
        ChunkRef ref = d.children();
        Chunk inMemory = ref.inMemory();
        Object cached = inMemory != null ? inMemory.canonicalMemo() : null;
        if (cached instanceof DirMemo m && m.mode() == mode && m.xattrDigest().equals(xd)) {
            return m.hash();
        }
        Hash stored = ref.storedId();
        if (stored != null) {
            Hash h = memo.get(stored, mode, xd);
            if (h != null) {
                return h;
            }
        }
        Hash h = computeDir(ref, mode, xd);
        Chunk c = ref.inMemory();
        if (c != null) {
            c.canonicalMemo(new DirMemo(mode, xd, h));
        }
        Hash nowStored = ref.storedId();
        if (nowStored != null) {
            memo.put(nowStored, mode, xd, h);
        }
        return h;
    }

    private Hash computeDir(ChunkRef ref, int mode, String xattrDigest) {
        MessageDigest md = Hash.sha256();
        md.update(("D\0" + mode(mode) + "\0").getBytes(StandardCharsets.UTF_8));
        byte[] hex = new byte[65];
        hex[64] = '\n';
        Iterator<Map.Entry<String, Entry>> it = ChunkTree.iterator(ref, null, source);
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            of(e.getValue()).hexBytes(hex, 0);
            md.update(hex);
        }
        md.update(xattrDigest.getBytes(StandardCharsets.US_ASCII));
        return Hash.finish(md);
    }

    /** Returns the permission bits as 4 zero-padded octal digits. */
    static String mode(int mode) {
        String o = Integer.toOctalString(mode & 07777);
        return "0000".substring(o.length()) + o;
    }
}
