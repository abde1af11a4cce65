package io.aetherfs.service.sources;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.Links;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.core.tree.Xattrs;
import io.aetherfs.service.transfer.SyncPlan;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * The tree of one import as it is read: entries become a {@link SyncPlan} on the empty tree, file
 * content is stored as it streams (large extents in the blob store without an fsync each, made durable
 * together by {@link #sync}; small ones kept for the job's final change), and the counters are the job's
 * progress. Device, FIFO and socket entries are skipped and
 * counted (spec §8.15).
 */
final class TreeBuild {
    private final Engine engine;
    private final TenantId tenant;
    private final ContentStore store;
    private final long maxFileBytes;
    private final SyncPlan plan = new SyncPlan(FsPath.ROOT, false);
    private final Map<Hash, byte[]> inline = new HashMap<>();
    private final java.util.Set<Hash> blobs = new java.util.LinkedHashSet<>();
    private volatile long files;
    private volatile long bytes;
    private volatile long skipped;

    TreeBuild(Engine engine, TenantId tenant, long maxFileBytes) {
        this.engine = engine;
        this.tenant = tenant;
        this.store = engine.content(tenant);
        this.maxFileBytes = maxFileBytes;
    }

    /** Adds a regular file whose content is {@code in} (read to its end). */
    void file(String path, int mode, int uid, int gid, Instant mtime, SortedMap<String, byte[]> xattrs, InputStream in)
            throws IOException, JobFailure {
        Prepared p;
        try {
            p = store.writeDeferred(in, maxFileBytes);
        } catch (AfsException e) {
            throw new JobFailure("LIMIT_EXCEEDED", path + ": " + e.getMessage());
        }
        inline.putAll(p.inline());
        p.content().extents().stream().filter(e -> !e.inline()).forEach(e -> blobs.add(e.hash()));
        FsPath at = path(path);
        plan.add(new SyncPlan.Item(
                at, new FileEntry(attrs(mode, uid, gid, mtime, xattrs), p.content(), Links.NONE), p.content(), null));
        files++;
        bytes += p.content().size();
    }

    void directory(String path, int mode, int uid, int gid, Instant mtime, SortedMap<String, byte[]> xattrs)
            throws JobFailure {
        plan.add(new SyncPlan.Item(path(path), DirEntry.empty(attrs(mode, uid, gid, mtime, xattrs)), null, null));
    }

    /** Adds a symlink; its target is stored verbatim and never followed. */
    void symlink(String path, String target, int uid, int gid, Instant mtime) throws JobFailure {
        Attrs a = attrs(0777, uid, gid, mtime, null);
        plan.add(new SyncPlan.Item(path(path), new SymlinkEntry(a, target, Links.NONE), null, null));
        files++;
    }

    /** Adds a hard link to an earlier file of the same import. */
    void hardLink(String path, String target, int mode, int uid, int gid, Instant mtime) throws JobFailure {
        plan.add(new SyncPlan.Item(
                path(path),
                new FileEntry(attrs(mode, uid, gid, mtime, null), Content.EMPTY, Links.NONE),
                null,
                path(target)));
        files++;
    }

    /** Counts an entry the import does not store (a device, FIFO or socket). */
    void skip() {
        skipped++;
    }

    long files() {
        return files;
    }

    long bytes() {
        return bytes;
    }

    long skipped() {
        return skipped;
    }

    /**
     * Makes every blob extent of the import durable at once (DESIGN.md "Durable writes at speed": one barrier
     * instead of an fsync per file); the job's final change, which refers to them, commits after it.
     */
    void sync() {
        store.sync(blobs);
    }

    /** Returns the extents small enough to live in the metadata store, stored with the job's final change. */
    Map<Hash, byte[]> inline() {
        return inline;
    }

    /** Returns the tree the entries make, on the empty root (mode 0755). */
    DirEntry tree(Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long inodeBase = engine.inodes().allocate(tenant, plan.inodesNeeded() + 1);
        DirEntry root = DirEntry.empty(new Attrs(inodeBase, 0755, 0, 0, nanos, Xattrs.NONE));
        return plan.apply(engine.fileTree(tenant), root, nanos, inodeBase + 1);
    }

    private static FsPath path(String p) throws JobFailure {
        try {
            return FsPath.parse(p);
        } catch (AfsException e) {
            throw new JobFailure("ARCHIVE_UNSAFE_PATH", "entry \"" + p + "\" is not a valid path: " + e.getMessage());
        }
    }

    private static Attrs attrs(int mode, int uid, int gid, Instant mtime, SortedMap<String, byte[]> xattrs) {
        long nanos = mtime == null ? 0 : mtime.getEpochSecond() * 1_000_000_000L + mtime.getNano();
        return new Attrs(
                0, mode & 07777, uid, gid, nanos, xattrs == null || xattrs.isEmpty() ? Xattrs.NONE : Xattrs.of(xattrs));
    }
}
