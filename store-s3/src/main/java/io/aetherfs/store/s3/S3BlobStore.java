/*
 * Layout (spec CONTROL_PLANE §13.1, storage.s3_prefix; the local store's layout under the prefix):
 *
 *   <prefix>blobs/<tenant-uuid>/<aa>/<sha256-hex>   one immutable blob; aa = its first two hex characters;
 *                                                   user metadata afs-mtime = last write or reuse (ISO-8601)
 *   <prefix>health                                  empty object that every health check overwrites
 *
 * A put of an existing blob uploads nothing: it copies the object onto itself with a new afs-mtime
 * (metadata directive REPLACE), which also moves the server's Last-Modified forward. stat reports the
 * later of Last-Modified and afs-mtime (Last-Modified has whole seconds only); listings report
 * Last-Modified. Blobs of at least S3Tuning.multipartThreshold bytes are uploaded in parts; unfinished
 * uploads older than an hour are aborted when a store opens.
 */
package io.aetherfs.store.s3;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The scale-out {@link BlobStore}: one object per blob in an S3-compatible bucket, shared by every node.
 * Puts ask first whether the blob exists (HEAD) and only upload new ones, with the blob's SHA-256 as the
 * object checksum so the server refuses bytes that do not match their name; gets are ranged GETs.
 */
public final class S3BlobStore implements BlobStore {
    static final String CONTENT_TYPE = "application/octet-stream";
    /** User metadata holding the last write or reuse time (S3 lower-cases metadata names). */
    static final String STAMP = "afs-mtime";
    /** Unfinished multipart uploads older than this at open are crash leftovers. */
    static final Duration STALE_UPLOAD_AGE = Duration.ofHours(1);

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Keys keys;
    private final S3Listing listing;
    private final S3Errors errors;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3BlobStore(S3Settings settings, S3Client s3, Clock clock) {
        this.settings = settings;
        this.s3 = s3;
        this.keys = new S3Keys(settings.prefix());
        this.listing = new S3Listing(s3, settings.bucket(), keys);
        this.errors = new S3Errors(settings);
        this.clock = clock;
    }

    /**
     * Opens the store and checks that the bucket exists and accepts writes with these credentials;
     * throws UNAVAILABLE, naming the endpoint and bucket, if not.
     */
    public static S3BlobStore open(S3Settings settings) {
        return open(settings, Clock.systemUTC(), List.of());
    }

    /** Opens the store with the clock that stamps {@link BlobInfo#lastModified()} (tests inject one). */
    public static S3BlobStore open(S3Settings settings, Clock clock) {
        return open(settings, clock, List.of());
    }

    /** Opens the store with interceptors that observe every S3 request (tests count them). */
    static S3BlobStore open(S3Settings settings, Clock clock, List<ExecutionInterceptor> interceptors) {
        S3BlobStore store = new S3BlobStore(settings, S3Clients.build(settings, interceptors), clock);
        try {
            store.checkHealth();
            MultipartPuts.abortStale(
                    store.s3,
                    settings.bucket(),
                    store.keys.blobsRoot(),
                    clock.instant().minus(STALE_UPLOAD_AGE));
            return store;
        } catch (SdkException e) {
            store.close();
            throw store.errors.unavailable("sweeping unfinished multipart uploads", e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public void put(TenantId tenant, Hash hash, byte[] data, int offset, int length) {
        checkOpen();
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("blob larger than " + MAX_BLOB_BYTES + " bytes");
        }
        String key = keys.blob(tenant, hash);
        try {
            Instant now = clock.instant();
            Optional<HeadObjectResponse> existing = head(key);
            if (existing.isPresent() && refresh(key, existing.get(), now)) {
                return;
            }
            upload(key, hash, data, offset, length, now);
        } catch (S3Exception e) {
            if ("BadDigest".equals(S3Errors.code(e))) {
                throw new IllegalArgumentException("the bytes given for blob " + hash + " do not hash to its name", e);
            }
            throw errors.unavailable("storing blob " + hash, e);
        } catch (SdkException e) {
            throw errors.unavailable("storing blob " + hash, e);
        }
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, Hash hash, long offset, int length) {
        checkOpen();
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative blob range: offset " + offset + ", length " + length);
        }
        String key = keys.blob(tenant, hash);
        try {
            if (length == 0) {
                return head(key).map(h -> new byte[0]); // an HTTP range cannot be empty
            }
            long last = offset > Long.MAX_VALUE - length ? Long.MAX_VALUE : offset + length - 1;
            try (ResponseInputStream<GetObjectResponse> in =
                    s3.getObject(r -> r.bucket(settings.bucket()).key(key).range("bytes=" + offset + "-" + last))) {
                return Optional.of(readRange(in, offset, length));
            }
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return Optional.of(new byte[0]); // the blob exists and ends at or before offset
            }
            throw errors.unavailable("reading blob " + hash, e);
        } catch (SdkException e) {
            throw errors.unavailable("reading blob " + hash, e);
        } catch (IOException e) {
            throw AfsException.unavailable(
                    "S3 blob store unavailable: reading blob " + hash + " from " + settings.describe()
                            + " failed mid-response: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(TenantId tenant, Hash hash) {
        checkOpen();
        try {
            return head(keys.blob(tenant, hash)).map(h -> new BlobInfo(hash, h.contentLength(), lastModified(h)));
        } catch (SdkException e) {
            throw errors.unavailable("reading the attributes of blob " + hash, e);
        }
    }

    @Override
    public boolean delete(TenantId tenant, Hash hash) {
        checkOpen();
        String key = keys.blob(tenant, hash);
        try {
            // S3 deletes are silent about missing keys; ask first to answer whether it existed. Two racing
            // deletes may both answer true; garbage collection only counts with it.
            if (head(key).isEmpty()) {
                return false;
            }
            s3.deleteObject(r -> r.bucket(settings.bucket()).key(key));
            return true;
        } catch (SdkException e) {
            throw errors.unavailable("deleting blob " + hash, e);
        }
    }

    @Override
    public List<BlobInfo> list(TenantId tenant, Hash after, int limit) {
        checkOpen();
        if (limit < 1) {
            return List.of();
        }
        try {
            return listing.list(tenant, after, limit);
        } catch (SdkException e) {
            throw errors.unavailable("listing the blobs of tenant " + tenant, e);
        }
    }

    @Override
    public List<TenantId> tenants() {
        checkOpen();
        try {
            return listing.tenants();
        } catch (SdkException e) {
            throw errors.unavailable("listing tenants", e);
        }
    }

    /** Overwrites the empty {@code <prefix>health} object: proves the bucket exists and takes writes. */
    @Override
    public void checkHealth() {
        checkOpen();
        try {
            s3.putObject(
                    r -> r.bucket(settings.bucket()).key(keys.healthKey()).contentType(CONTENT_TYPE),
                    RequestBody.empty());
        } catch (SdkException e) {
            throw errors.unavailable("checking that " + keys.healthKey() + " can be written", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            s3.close();
        }
    }

    /** Returns the object's metadata, or empty if the key does not exist. */
    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(settings.bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Moves an existing blob's stamp forward to {@code now} (never back) by copying it onto itself, and
     * returns true; returns false if it was deleted meanwhile (the caller uploads it again).
     */
    private boolean refresh(String key, HeadObjectResponse existing, Instant now) {
        Instant previous = stamp(existing);
        Instant stamp = previous != null && previous.isAfter(now) ? previous : now;
        try {
            s3.copyObject(r -> r.sourceBucket(settings.bucket())
                    .sourceKey(key)
                    .destinationBucket(settings.bucket())
                    .destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType(CONTENT_TYPE)
                    .metadata(Map.of(STAMP, stamp.toString())));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !S3Errors.isNoSuchBucket(e)) {
                return false;
            }
            throw e;
        }
    }

    private void upload(String key, Hash hash, byte[] data, int offset, int length, Instant now) {
        Map<String, String> metadata = Map.of(STAMP, now.toString());
        if (length >= settings.tuning().multipartThreshold()) {
            MultipartPuts.upload(
                    s3,
                    settings.bucket(),
                    key,
                    data,
                    offset,
                    length,
                    settings.tuning().partSize(),
                    metadata);
            return;
        }
        String checksum = Base64.getEncoder().encodeToString(hash.toBytes());
        s3.putObject(
                r -> r.bucket(settings.bucket())
                        .key(key)
                        .contentType(CONTENT_TYPE)
                        .contentLength((long) length)
                        .checksumSHA256(checksum)
                        .metadata(metadata),
                MultipartPuts.body(data, offset, length));
    }

    /** Reads a ranged response; a server that ignored the range (200, whole object) is sliced here. */
    private static byte[] readRange(ResponseInputStream<GetObjectResponse> in, long offset, int length)
            throws IOException {
        GetObjectResponse response = in.response();
        long available = response.contentLength();
        if (response.contentRange() == null) {
            in.skipNBytes(Math.min(offset, available));
            available = Math.max(0, available - offset);
        }
        byte[] out = new byte[(int) Math.min(length, available)];
        int n = in.readNBytes(out, 0, out.length);
        if (n != out.length) {
            throw new IOException("response ended after " + n + " of " + out.length + " bytes");
        }
        return out;
    }

    /** Returns the later of the server's Last-Modified (whole seconds) and the afs-mtime stamp. */
    private static Instant lastModified(HeadObjectResponse head) {
        Instant serverTime = head.lastModified();
        Instant stamp = stamp(head);
        if (serverTime == null) {
            return stamp == null ? Instant.EPOCH : stamp;
        }
        return stamp != null && stamp.isAfter(serverTime) ? stamp : serverTime;
    }

    /** Returns the afs-mtime stamp of an object, or null if it has none (or one this store did not write). */
    private static Instant stamp(HeadObjectResponse head) {
        String value = head.metadata().get(STAMP);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw AfsException.unavailable("the S3 blob store (" + settings.describe() + ") is closed", null);
        }
    }
}
