package io.aetherfs.store.s3;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;

/**
 * The key layout of an {@link S3BlobStore}: {@code <prefix>blobs/<tenant-uuid>/<aa>/<sha256-hex>}, the
 * local store's directory layout under the configured prefix, plus the health probe key.
 */
final class S3Keys {
    private final String blobsRoot;
    private final String healthKey;

    /** Creates the layout under {@code prefix} (empty, or ending with '/'). */
    S3Keys(String prefix) {
        this.blobsRoot = prefix + "blobs/";
        this.healthKey = prefix + "health";
    }

    /** Returns the prefix of every blob key: {@code <prefix>blobs/}. */
    String blobsRoot() {
        return blobsRoot;
    }

    /** Returns the key that health checks overwrite (outside {@code blobs/}, so never listed). */
    String healthKey() {
        return healthKey;
    }

    /** Returns the prefix of a tenant's blob keys (a tenant id is a validated UUID, safe in a key). */
    String tenantPrefix(TenantId tenant) {
        return blobsRoot + tenant.value() + "/";
    }

    /** Returns the key of a blob. */
    String blob(TenantId tenant, Hash hash) {
        String hex = hash.hex();
        return tenantPrefix(tenant) + hex.substring(0, 2) + "/" + hex;
    }

    /**
     * Returns the hash named by {@code key} under {@code tenantPrefix}, or null for a key that is not
     * a blob of this layout (a foreign object someone put there).
     */
    static Hash parseBlob(String tenantPrefix, String key) {
        if (!key.startsWith(tenantPrefix) || key.length() != tenantPrefix.length() + 3 + 2 * Hash.BYTES) {
            return null;
        }
        String rest = key.substring(tenantPrefix.length());
        String hex = rest.substring(3);
        if (rest.charAt(2) != '/' || !rest.startsWith(hex.substring(0, 2)) || !Hash.isHex(hex)) {
            return null;
        }
        return Hash.parse(hex);
    }

    /**
     * Returns the tenant named by a common prefix {@code <blobsRoot><tenant-uuid>/}, or null if it names
     * no tenant.
     */
    TenantId parseTenant(String commonPrefix) {
        if (!commonPrefix.startsWith(blobsRoot) || !commonPrefix.endsWith("/")) {
            return null;
        }
        try {
            return new TenantId(commonPrefix.substring(blobsRoot.length(), commonPrefix.length() - 1));
        } catch (IllegalArgumentException e) {
            return null; // not a canonical lowercase UUID: a foreign folder
        }
    }
}
