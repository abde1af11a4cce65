package io.aetherfs.core.gc;

import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.tree.Extent;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The consistency check behind {@code afs-server fsck} (spec §13.4). For every tenant it walks from the
 * same live roots as the garbage collector's mark phase and checks that every session record parses
 * and its unfolded log {@code w/<id>/<rootWal+1 .. walSeq>} is complete with every op parsing; that
 * every reachable node exists, its data (after the stamp) hashes to its name and it decodes; that every
 * reachable inline extent exists, hashes to its name and has its extent's length; and that every
 * reachable blob exists, has its extent's length and its bytes hash to its name (read in full).
 *
 * <p>With repair, a corrupt copy is moved aside so the name is free for a good copy: a node or inline
 * extent value to {@code quarantine/<original key>} (deleted from its key in the same transaction), a
 * blob's bytes to {@code quarantine/blob/<hex>} in the metadata store and only then deleted from the
 * blob store. An existing quarantine key is never overwritten ({@code ~2}, {@code ~3}, … are appended).
 * Missing objects cannot be repaired and are only reported. Healthy data is never touched.
 */
public final class Fsck {
    static final String QUARANTINE = "quarantine/";
    private static final int READ_PIECE = 1 << 20;

    private final MetaStore meta;
    private final BlobStore blobs;

    public Fsck(MetaStore meta, BlobStore blobs) {
        this.meta = meta;
        this.blobs = blobs;
    }

    /** Checks every tenant that has metadata or blobs; with {@code repair}, quarantines corrupt copies. */
    public FsckReport run(boolean repair) {
        Set<TenantId> tenants = new TreeSet<>(meta.tenants());
        tenants.addAll(blobs.tenants());
        FsckReport.Builder report = new FsckReport.Builder();
        for (TenantId t : tenants) {
            check(t, repair, report);
        }
        return report.build();
    }

    /** Checks one tenant. */
    public FsckReport run(TenantId tenant, boolean repair) {
        FsckReport.Builder report = new FsckReport.Builder();
        check(tenant, repair, report);
        return report.build();
    }

    private void check(TenantId tenant, boolean repair, FsckReport.Builder report) {
        LiveRoots.Scan scan = LiveRoots.read(meta, tenant);
        List<Problem> problems = new ArrayList<>(scan.problems());
        TreeWalker walker = new TreeWalker(meta, tenant, false);
        Set<Hash> visited = new HashSet<>();
        Set<Hash> checked = new HashSet<>();
        for (Root root : scan.roots()) {
            TreeWalker.Visitor v = new TreeWalker.Visitor() {
                @Override
                public void extent(Extent e) {
                    if (checked.add(e.hash())) {
                        checkExtent(tenant, e, root.name(), report).ifPresent(problems::add);
                    }
                }

                @Override
                public void problem(Problem.Kind kind, String key, String detail) {
                    problems.add(new Problem(kind, tenant, key, root.name(), detail, false));
                }
            };
            walker.walk(root.nodes(), visited, v);
            root.extents().forEach(v::extent);
        }
        report.tenants++;
        report.sessions += scan.sessions();
        report.roots += scan.roots().size();
        report.nodesChecked += walker.nodesRead();
        for (Problem p : problems) {
            report.problems.add(repair && p.kind().repairable() ? repair(p) : p);
        }
    }

    /** Returns the problem with one reachable extent, if any. */
    private Optional<Problem> checkExtent(TenantId tenant, Extent e, String root, FsckReport.Builder report) {
        if (e.inline()) {
            report.inlineExtentsChecked++;
            String key = StoredLayout.inlineExtent(e.hash());
            Optional<byte[]> v = meta.read(tx -> tx.get(tenant, key));
            if (v.isEmpty()) {
                return problem(Problem.Kind.EXTENT_MISSING, tenant, key, root, "inline extent is missing");
            }
            byte[] value = v.get();
            if (value.length < 8) {
                return problem(
                        Problem.Kind.EXTENT_CORRUPT,
                        tenant,
                        key,
                        root,
                        "the stored value has " + value.length + " bytes, no write time");
            }
            Hash actual = Hash.of(value, 8, value.length - 8);
            if (!actual.equals(e.hash())) {
                return problem(
                        Problem.Kind.EXTENT_CORRUPT, tenant, key, root, "the stored bytes hash to " + actual.hex());
            }
            return lengthMismatch(tenant, key, root, value.length - 8, e);
        }
        report.blobsChecked++;
        String key = blobKey(e.hash());
        Optional<BlobInfo> info = blobs.stat(tenant, e.hash());
        if (info.isEmpty()) {
            return problem(Problem.Kind.BLOB_MISSING, tenant, key, root, "blob is missing from the blob store");
        }
        MessageDigest md = Hash.sha256();
        long read = 0;
        while (true) {
            Optional<byte[]> piece = blobs.get(tenant, e.hash(), read, READ_PIECE);
            if (piece.isEmpty()) {
                return problem(Problem.Kind.BLOB_MISSING, tenant, key, root, "blob vanished while being read");
            }
            md.update(piece.get());
            read += piece.get().length;
            if (piece.get().length < READ_PIECE) {
                break;
            }
        }
        report.blobBytesRead += read;
        Hash actual = Hash.finish(md);
        if (!actual.equals(e.hash())) {
            return problem(
                    Problem.Kind.BLOB_CORRUPT,
                    tenant,
                    key,
                    root,
                    "its " + read + " bytes hash to " + actual.hex() + " (extent length " + e.length() + ")");
        }
        if (info.get().size() != read) {
            return problem(
                    Problem.Kind.BLOB_CORRUPT,
                    tenant,
                    key,
                    root,
                    "stat says " + info.get().size() + " bytes, reading gave " + read);
        }
        return lengthMismatch(tenant, key, root, read, e);
    }

    private static Optional<Problem> lengthMismatch(TenantId tenant, String key, String root, long length, Extent e) {
        if (length == e.length()) {
            return Optional.empty();
        }
        return problem(
                Problem.Kind.EXTENT_LENGTH_MISMATCH,
                tenant,
                key,
                root,
                "holds " + length + " bytes but the extent record says " + e.length());
    }

    private static Optional<Problem> problem(Problem.Kind kind, TenantId tenant, String key, String root, String d) {
        return Optional.of(new Problem(kind, tenant, key, root, d, false));
    }

    /** Moves the corrupt copy a problem is about aside; returns the problem marked with the outcome. */
    private Problem repair(Problem p) {
        return switch (p.kind()) {
            case NODE_CORRUPT, EXTENT_CORRUPT -> quarantineValue(p);
            case BLOB_CORRUPT -> quarantineBlob(p);
            default -> p;
        };
    }

    private Problem quarantineValue(Problem p) {
        Hash name = StoredLayout.hashOf(p.key());
        String moved = meta.write(tx -> {
            Optional<byte[]> v = tx.get(p.tenant(), p.key());
            if (v.isEmpty() || healthy(v.get(), name)) {
                return null; // gone or rewritten correctly since the check: nothing to move
            }
            String target = freeKey(tx, p.tenant(), QUARANTINE + p.key());
            tx.put(p.tenant(), target, v.get());
            tx.delete(p.tenant(), p.key());
            return target;
        });
        return moved == null
                ? p.notRepaired("the value changed since it was checked")
                : p.repairedBy("moved to " + moved);
    }

    private Problem quarantineBlob(Problem p) {
        Hash name = StoredLayout.hashOf(p.key());
        Optional<BlobInfo> info = blobs.stat(p.tenant(), name);
        if (info.isEmpty()) {
            return p.notRepaired("the blob is gone");
        }
        if (info.get().size() > MetaStore.MAX_VALUE_BYTES) {
            return p.notRepaired("the blob is too large to keep in the metadata store");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) info.get().size());
        while (true) {
            Optional<byte[]> piece = blobs.get(p.tenant(), name, bytes.size(), READ_PIECE);
            if (piece.isEmpty()) {
                return p.notRepaired("the blob vanished while being read");
            }
            bytes.writeBytes(piece.get());
            if (bytes.size() > MetaStore.MAX_VALUE_BYTES) {
                return p.notRepaired("the blob is too large to keep in the metadata store");
            }
            if (piece.get().length < READ_PIECE) {
                break;
            }
        }
        byte[] data = bytes.toByteArray();
        if (Hash.of(data).equals(name)) {
            return p.notRepaired("the blob is healthy now");
        }
        String target = meta.write(tx -> {
            String key = freeKey(tx, p.tenant(), QUARANTINE + p.key());
            tx.put(p.tenant(), key, data);
            return key;
        });
        blobs.delete(p.tenant(), name);
        return p.repairedBy("bytes moved to " + target + " in the metadata store, blob deleted");
    }

    private static boolean healthy(byte[] stamped, Hash name) {
        return stamped.length >= 8 && Hash.of(stamped, 8, stamped.length - 8).equals(name);
    }

    /** Returns {@code key}, or it with the first free {@code ~n} suffix, so no quarantined copy is overwritten. */
    private static String freeKey(ReadTx tx, TenantId tenant, String key) {
        String k = key;
        for (int n = 2; tx.get(tenant, k).isPresent(); n++) {
            k = key + "~" + n;
        }
        return k;
    }

    /** Returns how problems and quarantine keys name a blob. */
    static String blobKey(Hash hash) {
        return "blob/" + hash.hex();
    }
}
