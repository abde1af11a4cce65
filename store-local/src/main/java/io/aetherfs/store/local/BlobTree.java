package io.aetherfs.store.local;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Walks the directory tree of a {@link LocalBlobStore}: blobs in hash order (lowercase hex names sort
 * like the digests' bytes), tenants that hold blobs, and leftover temp files.
 */
final class BlobTree {
    private final BlobPaths paths;

    BlobTree(BlobPaths paths) {
        this.paths = paths;
    }

    /** Returns up to {@code limit} blobs of {@code tenant} with hashes after {@code after} (null: all). */
    List<BlobInfo> list(TenantId tenant, Hash after, int limit) throws IOException {
        List<BlobInfo> out = new ArrayList<>();
        if (limit < 1) {
            return out;
        }
        String afterHex = after == null ? "" : after.hex();
        String firstShard = after == null ? "" : afterHex.substring(0, 2);
        for (String shard :
                sortedNames(paths.tenantDir(tenant), n -> BlobPaths.isShard(n) && n.compareTo(firstShard) >= 0)) {
            Path shardDir = paths.tenantDir(tenant).resolve(shard);
            for (String name : sortedNames(shardDir, n -> Hash.isHex(n) && n.compareTo(afterHex) > 0)) {
                stat(shardDir.resolve(name)).ifPresent(a -> out.add(info(Hash.parse(name), a)));
                if (out.size() >= limit) {
                    return out;
                }
            }
        }
        return out;
    }

    /** Returns every tenant whose directory holds at least one blob, in id order. */
    List<TenantId> tenants() throws IOException {
        List<TenantId> out = new ArrayList<>();
        for (String name : sortedNames(paths.root(), BlobPaths::isTenant)) {
            TenantId tenant = new TenantId(name);
            if (!list(tenant, null, 1).isEmpty()) {
                out.add(tenant);
            }
        }
        return out;
    }

    /** Deletes temp files (in the root, tenant and shard directories) last modified before {@code cutoff}. */
    int sweepTempFiles(Instant cutoff) throws IOException {
        int removed = sweepDir(paths.root(), cutoff);
        for (String tenant : sortedNames(paths.root(), BlobPaths::isTenant)) {
            Path tenantDir = paths.root().resolve(tenant);
            removed += sweepDir(tenantDir, cutoff);
            for (String shard : sortedNames(tenantDir, BlobPaths::isShard)) {
                removed += sweepDir(tenantDir.resolve(shard), cutoff);
            }
        }
        return removed;
    }

    /** Returns a file's attributes, or empty if it is gone or not a regular file. */
    static Optional<BasicFileAttributes> stat(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(a) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static BlobInfo info(Hash hash, BasicFileAttributes a) {
        return new BlobInfo(hash, a.size(), a.lastModifiedTime().toInstant());
    }

    private static int sweepDir(Path dir, Instant cutoff) throws IOException {
        int removed = 0;
        for (String name : sortedNames(dir, BlobPaths::isTemp)) {
            Optional<BasicFileAttributes> a = stat(dir.resolve(name));
            // Younger temp files may belong to a put still in progress (in another process sharing the root).
            if (a.isPresent() && a.get().lastModifiedTime().toInstant().isBefore(cutoff)) {
                removed += Files.deleteIfExists(dir.resolve(name)) ? 1 : 0;
            }
        }
        return removed;
    }

    /** Returns the sorted names in {@code dir} that pass {@code filter}; none if {@code dir} does not exist. */
    private static List<String> sortedNames(Path dir, Predicate<String> filter) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (filter.test(name)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return names;
        }
        names.sort(null);
        return names;
    }
}
