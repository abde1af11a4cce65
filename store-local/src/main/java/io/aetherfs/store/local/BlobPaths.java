package io.aetherfs.store.local;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The file layout of a {@link LocalBlobStore}: {@code <root>/<tenant-uuid>/<aa>/<sha256-hex>} plus temp names. */
final class BlobPaths {
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path root;

    BlobPaths(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Returns the directory of a tenant's blobs (a tenant id is a validated UUID, safe as a name). */
    Path tenantDir(TenantId tenant) {
        return root.resolve(tenant.value());
    }

    /** Returns the shard directory named by the first two hex characters of the hash. */
    Path shardDir(TenantId tenant, Hash hash) {
        return tenantDir(tenant).resolve(hash.hex().substring(0, 2));
    }

    /** Returns the file holding a blob. */
    Path blob(TenantId tenant, Hash hash) {
        return shardDir(tenant, hash).resolve(hash.hex());
    }

    /** Returns a fresh temp name beside {@code target}: {@code .<name>.<random>.tmp}, hidden from listings. */
    static Path tempFor(Path target) {
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return target.resolveSibling("." + target.getFileName() + "." + random + TEMP_SUFFIX);
    }

    /** Returns whether a file name is a temp file of this store (a crash leftover unless just being written). */
    static boolean isTemp(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /** Returns whether a directory name is a shard (two lowercase hex characters). */
    static boolean isShard(String name) {
        return name.length() == 2 && isLowerHex(name.charAt(0)) && isLowerHex(name.charAt(1));
    }

    /** Returns whether a directory name is a tenant's (a canonical lowercase UUID). */
    static boolean isTenant(String name) {
        try {
            new TenantId(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
