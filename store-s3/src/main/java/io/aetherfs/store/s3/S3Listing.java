package io.aetherfs.store.s3;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists an {@link S3BlobStore} with ListObjectsV2: a tenant's blobs in hash order (keys sort bytewise,
 * and {@code <aa>/<hex>} sorts like the hex, which sorts like the digest) and the tenants holding blobs
 * (a delimiter listing). Keys that do not follow the layout are skipped.
 */
final class S3Listing {
    /** The most keys S3 returns in one page. */
    private static final int PAGE = 1000;

    private final S3Client s3;
    private final String bucket;
    private final S3Keys keys;

    S3Listing(S3Client s3, String bucket, S3Keys keys) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
    }

    /**
     * Returns up to {@code limit} blobs of {@code tenant} with hashes after {@code after} (null: from the
     * first). Sizes and times are the listing's: the server's Last-Modified, which a reuse moves forward.
     */
    List<BlobInfo> list(TenantId tenant, Hash after, int limit) {
        List<BlobInfo> out = new ArrayList<>();
        String prefix = keys.tenantPrefix(tenant);
        String startAfter = after == null ? null : keys.blob(tenant, after);
        String token = null;
        while (out.size() < limit) {
            String t = token;
            int want = Math.min(PAGE, limit - out.size());
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket)
                    .prefix(prefix)
                    .startAfter(t == null ? startAfter : null)
                    .continuationToken(t)
                    .maxKeys(want));
            for (S3Object o : page.contents()) {
                Hash hash = S3Keys.parseBlob(prefix, o.key());
                if (hash != null && out.size() < limit) {
                    out.add(new BlobInfo(hash, o.size(), o.lastModified()));
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
            token = page.nextContinuationToken();
        }
        return out;
    }

    /**
     * Returns every tenant with at least one blob, in id order: the folders of a delimiter listing of
     * {@code <prefix>blobs/} (S3 has no empty folders), each confirmed to hold a blob of the layout.
     */
    List<TenantId> tenants() {
        List<TenantId> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket)
                    .prefix(keys.blobsRoot())
                    .delimiter("/")
                    .continuationToken(t)
                    .maxKeys(PAGE));
            for (CommonPrefix p : page.commonPrefixes()) {
                TenantId tenant = keys.parseTenant(p.prefix());
                if (tenant != null && !list(tenant, null, 1).isEmpty()) {
                    out.add(tenant);
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        out.sort(null);
        return out;
    }
}
