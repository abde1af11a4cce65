package io.aetherfs.store.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where an {@link S3BlobStore} keeps its blobs and how it signs in: the {@code storage.s3_*} keys of
 * spec §13.1, plus the client {@link S3Tuning}.
 *
 * @param endpoint the S3-compatible endpoint ({@code storage.s3_endpoint}), e.g.
 *     {@code http://127.0.0.1:9000}; null for AWS S3 itself (the region's default endpoint)
 * @param region the signing region ({@code storage.s3_region}); blank means {@code us-east-1}, which
 *     S3-compatible servers accept
 * @param bucket the bucket, which must already exist ({@code storage.s3_bucket})
 * @param prefix the key prefix ({@code storage.s3_prefix}, default ""); a non-empty prefix is a folder,
 *     so {@code "afs"} and {@code "afs/"} both put blobs under {@code afs/blobs/}
 * @param accessKeyId the static access key id ({@code storage.s3_access_key_id})
 * @param secretAccessKey the static secret ({@code storage.s3_secret_access_key}); never printed
 * @param pathStyle path-style addressing ({@code storage.s3_path_style}), needed by most
 *     S3-compatible servers on a bare host or IP
 * @param tuning connection pool, timeouts, retries and multipart thresholds
 */
public record S3Settings(
        URI endpoint,
        String region,
        String bucket,
        String prefix,
        String accessKeyId,
        String secretAccessKey,
        boolean pathStyle,
        S3Tuning tuning) {
    /** The region used when none is configured. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Validates the settings and normalizes region and prefix; a missing value is an IllegalArgumentException. */
    public S3Settings {
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("storage.s3_endpoint must be an absolute URL such as "
                    + "http://127.0.0.1:9000, not '" + endpoint + "'");
        }
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        bucket = required(bucket, "storage.s3_bucket");
        prefix = normalizePrefix(prefix);
        accessKeyId = required(accessKeyId, "storage.s3_access_key_id");
        secretAccessKey = required(secretAccessKey, "storage.s3_secret_access_key");
        tuning = Objects.requireNonNullElseGet(tuning, S3Tuning::defaults);
    }

    /** Returns settings with the default tuning. */
    public static S3Settings of(
            URI endpoint,
            String region,
            String bucket,
            String prefix,
            String accessKeyId,
            String secretAccessKey,
            boolean pathStyle) {
        return new S3Settings(
                endpoint, region, bucket, prefix, accessKeyId, secretAccessKey, pathStyle, S3Tuning.defaults());
    }

    /** Returns a copy with other tuning. */
    public S3Settings withTuning(S3Tuning newTuning) {
        return new S3Settings(endpoint, region, bucket, prefix, accessKeyId, secretAccessKey, pathStyle, newTuning);
    }

    /** Returns a copy that signs in with other credentials. */
    public S3Settings withCredentials(String newAccessKeyId, String newSecretAccessKey) {
        return new S3Settings(endpoint, region, bucket, prefix, newAccessKeyId, newSecretAccessKey, pathStyle, tuning);
    }

    /** Returns a copy naming another bucket. */
    public S3Settings withBucket(String newBucket) {
        return new S3Settings(endpoint, region, newBucket, prefix, accessKeyId, secretAccessKey, pathStyle, tuning);
    }

    /** Returns a copy with another key prefix. */
    public S3Settings withPrefix(String newPrefix) {
        return new S3Settings(endpoint, region, bucket, newPrefix, accessKeyId, secretAccessKey, pathStyle, tuning);
    }

    /** Returns where the store lives, for messages: the endpoint (or AWS region) and the bucket. */
    public String describe() {
        String where = endpoint != null ? endpoint.toString() : "AWS S3 (" + region + ")";
        return "bucket '" + bucket + "' at " + where;
    }

    /** Prints everything but the secret. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****, pathStyle=" + pathStyle + ", tuning="
                + tuning + "]";
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required for the S3 blob store");
        }
        return value.strip();
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("storage.s3_prefix must not start with '/': '" + prefix + "'");
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
