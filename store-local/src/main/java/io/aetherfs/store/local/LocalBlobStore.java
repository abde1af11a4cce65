/*
 * Layout (spec CONTROL_PLANE §13.1, storage.data_dir "blobs/"):
 *
 *   <root>/<tenant-uuid>/<aa>/<sha256-hex>           one immutable blob; aa = its first two hex characters
 *   <root>/<tenant-uuid>/<aa>/.<sha256-hex>.<r>.tmp  a put in progress, or a crash leftover (swept on open)
 *   <root>/.health.<r>.tmp                           a health probe in progress
 *
 * A blob's mtime is its BlobInfo.lastModified: set when written, moved forward when the blob is reused.
 */
package io.aetherfs.store.local;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link BlobStore}: one file per blob in a local directory, sharded by hash prefix per
 * tenant, written with temp file + fsync + atomic rename + directory fsync.
 */
public final class LocalBlobStore implements BlobStore {
    /** Temp files older than this at open are crash leftovers, not puts in progress. */
    static final Duration TEMP_FILE_GRACE = Duration.ofMinutes(1);

    private final BlobPaths paths;
    private final BlobTree tree;
    private final Clock clock;
    // Directories whose entry in their parent this process has made durable; saves two fsyncs per put.
    private final Set<Path> durableDirs = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** How many blob files one {@link #sync} fsyncs at once. */
    static final int SYNC_THREADS = 16;

    private LocalBlobStore(Path root, Clock clock) {
        this.paths = new BlobPaths(root);
        this.tree = new BlobTree(paths);
        this.clock = clock;
    }

    /** Opens the store rooted at {@code root}, creating it, and removes temp files left by a crash. */
    public static LocalBlobStore open(Path root) {
        return open(root, Clock.systemUTC());
    }

    /** Opens the store with the clock that stamps {@link BlobInfo#lastModified()} (tests inject one). */
    public static LocalBlobStore open(Path root, Clock clock) {
        Path dir = root.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            if (dir.getParent() != null) {
                DurableFiles.syncDirectory(dir.getParent());
            }
            LocalBlobStore store = new LocalBlobStore(dir, clock);
            store.tree.sweepTempFiles(clock.instant().minus(TEMP_FILE_GRACE));
            return store;
        } catch (IOException e) {
            throw unavailable("opening the blob store at " + dir, e);
        }
    }

    @Override
    public void put(TenantId tenant, Hash hash, byte[] data, int offset, int length) {
        checkOpen();
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("blob larger than " + MAX_BLOB_BYTES + " bytes");
        }
        Path file = paths.blob(tenant, hash);
        try {
            FileTime now = FileTime.from(clock.instant());
            if (touch(file, now, length)) {
                return;
            }
            try {
                writeNew(tenant, hash, file, data, offset, length, now);
            } catch (NoSuchFileException e) {
                // A directory this process knew was removed behind its back: create it again, once.
                durableDirs.remove(paths.tenantDir(tenant));
                durableDirs.remove(paths.shardDir(tenant, hash));
                writeNew(tenant, hash, file, data, offset, length, now);
            }
        } catch (IOException e) {
            throw unavailable("storing blob " + hash, e);
        }
    }

    /** Writes the blob file and renames it into place without an fsync; {@link #sync} syncs it later. */
    @Override
    public void putDeferred(TenantId tenant, Hash hash, byte[] data, int offset, int length) {
        checkOpen();
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("blob larger than " + MAX_BLOB_BYTES + " bytes");
        }
        Path file = paths.blob(tenant, hash);
        try {
            FileTime now = FileTime.from(clock.instant());
            if (touch(file, now, length)) {
                return;
            }
            ensureDurableDirectory(paths.tenantDir(tenant));
            ensureDurableDirectory(paths.shardDir(tenant, hash));
            DurableFiles.writeAtomically(file, data, offset, length, now, false);
        } catch (IOException e) {
            throw unavailable("storing blob " + hash, e);
        }
    }

    /**
     * Syncs every named blob file, then each shard directory holding one once, so the renames are durable
     * too; the file syncs run on up to {@value #SYNC_THREADS} virtual threads, which lets the device merge
     * them.
     */
    @Override
    public void sync(TenantId tenant, Collection<Hash> hashes) {
        checkOpen();
        List<Hash> all = List.copyOf(new java.util.LinkedHashSet<>(hashes));
        Set<Path> dirs = new java.util.TreeSet<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < SYNC_THREADS; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < all.size(); i += SYNC_THREADS) {
                        DurableFiles.syncFile(paths.blob(tenant, all.get(i)));
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
            for (Hash h : all) {
                dirs.add(paths.shardDir(tenant, h));
            }
            for (Path d : dirs) {
                DurableFiles.syncDirectory(d);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw unavailable(
                    "syncing blobs", e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AfsException.unavailable("interrupted while syncing blobs", e);
        } catch (IOException e) {
            throw unavailable("syncing blobs", e);
        }
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, Hash hash, long offset, int length) {
        checkOpen();
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative blob range: offset " + offset + ", length " + length);
        }
        try (FileChannel ch = FileChannel.open(paths.blob(tenant, hash), StandardOpenOption.READ)) {
            byte[] out = new byte[(int) Math.min(length, Math.max(0, ch.size() - offset))];
            ByteBuffer buf = ByteBuffer.wrap(out);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    // Only if the file was cut short outside this store: blobs are immutable.
                    return Optional.of(Arrays.copyOf(out, buf.position()));
                }
            }
            return Optional.of(out);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("reading blob " + hash, e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(TenantId tenant, Hash hash) {
        checkOpen();
        try {
            return BlobTree.stat(paths.blob(tenant, hash)).map(a -> BlobTree.info(hash, a));
        } catch (IOException e) {
            throw unavailable("reading the attributes of blob " + hash, e);
        }
    }

    @Override
    public boolean delete(TenantId tenant, Hash hash) {
        checkOpen();
        try {
            // No directory fsync: a delete undone by a crash leaves a valid blob that the next GC removes.
            return Files.deleteIfExists(paths.blob(tenant, hash));
        } catch (IOException e) {
            throw unavailable("deleting blob " + hash, e);
        }
    }

    @Override
    public List<BlobInfo> list(TenantId tenant, Hash after, int limit) {
        checkOpen();
        try {
            return tree.list(tenant, after, limit);
        } catch (IOException e) {
            throw unavailable("listing the blobs of tenant " + tenant, e);
        }
    }

    @Override
    public List<TenantId> tenants() {
        checkOpen();
        try {
            return tree.tenants();
        } catch (IOException e) {
            throw unavailable("listing tenants", e);
        }
    }

    @Override
    public void checkHealth() {
        checkOpen();
        Path probe = BlobPaths.tempFor(paths.root().resolve("health"));
        try {
            Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.delete(probe);
        } catch (IOException e) {
            throw unavailable("checking that the blob store root is writable", e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /**
     * Moves an existing blob's mtime forward to {@code now} (never back, whatever the clock does) and
     * returns true, or returns false if the blob does not exist. Not fsynced: after a crash, a blob whose
     * refresh was lost is either referenced by committed metadata (so GC keeps it) or was never used. An
     * empty file where {@code length} bytes belong counts as absent, so it is written again: that is what a
     * machine crash can leave of a blob stored with {@link #putDeferred} whose sync never ran.
     */
    private static boolean touch(Path file, FileTime now, int length) throws IOException {
        BasicFileAttributeView view = Files.getFileAttributeView(file, BasicFileAttributeView.class);
        try {
            var attrs = view.readAttributes();
            if (attrs.size() == 0 && length > 0) {
                return false;
            }
            if (now.compareTo(attrs.lastModifiedTime()) > 0) {
                view.setTimes(now, null, null);
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void writeNew(TenantId tenant, Hash hash, Path file, byte[] data, int offset, int length, FileTime now)
            throws IOException {
        ensureDurableDirectory(paths.tenantDir(tenant));
        ensureDurableDirectory(paths.shardDir(tenant, hash));
        DurableFiles.writeAtomically(file, data, offset, length, now);
    }

    /** Creates {@code dir} if needed and makes its entry in its parent durable, once per process. */
    private void ensureDurableDirectory(Path dir) throws IOException {
        if (!durableDirs.contains(dir)) {
            DurableFiles.createDirectory(dir);
            // Also when it already existed: its creator (maybe a racing put, maybe a process that then
            // crashed) may not have synced the parent yet.
            DurableFiles.syncDirectory(dir.getParent());
            durableDirs.add(dir);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw AfsException.unavailable("the local blob store is closed", null);
        }
    }

    private static AfsException unavailable(String action, IOException e) {
        return AfsException.unavailable(
                "blob store unavailable while " + action + ": " + e.getClass().getSimpleName(), e);
    }
}
