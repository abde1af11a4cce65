package io.aetherfs.store.s3;

import io.aetherfs.core.error.AfsException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns AWS SDK failures into UNAVAILABLE errors that name the endpoint and bucket and say what to fix:
 * a missing bucket, rejected credentials, a wrong region, or an endpoint that cannot be reached. The
 * secret key never appears (the SDK does not print it either).
 */
final class S3Errors {
    private static final Set<String> CREDENTIAL_CODES = Set.of(
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "AccessDenied",
            "InvalidToken",
            "ExpiredToken",
            "InvalidSecurity",
            "AllAccessDisabled");
    private static final Set<String> REGION_CODES =
            Set.of("PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException");

    private final S3Settings settings;

    S3Errors(S3Settings settings) {
        this.settings = settings;
    }

    /** Returns the UNAVAILABLE error for a failed call made while {@code action} (e.g. "storing blob X"). */
    AfsException unavailable(String action, SdkException e) {
        String where = settings.describe();
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            if ("NoSuchBucket".equals(code)) {
                return AfsException.unavailable(
                        "S3 blob store unavailable: " + where + " does not exist (while " + action
                                + "); create the bucket or fix storage.s3_bucket",
                        e);
            }
            if (s3.statusCode() == 403 || CREDENTIAL_CODES.contains(code)) {
                return AfsException.unavailable(
                        "S3 blob store unavailable: " + where + " refused access key '" + settings.accessKeyId()
                                + "' (" + describe(s3) + ", while " + action
                                + "); check storage.s3_access_key_id and storage.s3_secret_access_key",
                        e);
            }
            if (s3.statusCode() == 301 || REGION_CODES.contains(code)) {
                return AfsException.unavailable(
                        "S3 blob store unavailable: " + where + " is not in region '" + settings.region() + "' ("
                                + describe(s3) + ", while " + action + "); fix storage.s3_region",
                        e);
            }
            return AfsException.unavailable(
                    "S3 blob store unavailable: " + where + " answered " + describe(s3) + " while " + action, e);
        }
        return AfsException.unavailable(
                "S3 blob store unavailable: cannot reach " + where + " while " + action + ": " + e.getMessage(), e);
    }

    /** Returns the S3 error code of a failure, or null when the response had no body (e.g. HEAD). */
    static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** Returns whether a failure says the bucket itself is missing (not just the key). */
    static boolean isNoSuchBucket(S3Exception e) {
        return "NoSuchBucket".equals(code(e));
    }

    private static String describe(S3Exception e) {
        String code = code(e);
        return "HTTP " + e.statusCode() + (code == null ? "" : " " + code);
    }
}
