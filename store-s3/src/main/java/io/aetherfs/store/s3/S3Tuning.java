package io.aetherfs.store.s3;

import java.time.Duration;
import java.util.Objects;

/**
 * The client-side knobs of an {@link S3BlobStore}: HTTP connection pool, timeouts, retries with
 * exponential backoff, and when a put switches to a multipart upload. The defaults suit a node serving
 * 32 concurrent writers plus readers against a nearby S3-compatible service.
 *
 * @param maxConnections pooled HTTP connections (one per in-flight request)
 * @param connectTimeout time to open a TCP connection
 * @param socketTimeout longest silence while reading a response
 * @param attemptTimeout limit on one attempt of a request
 * @param callTimeout limit on a whole call, all retries and backoff included
 * @param maxAttempts attempts per call (1 = no retry); throttling, 5xx and I/O errors are retried
 * @param retryBaseDelay first backoff delay, doubled per retry with full jitter
 * @param retryMaxDelay largest backoff delay
 * @param multipartThreshold blobs of at least this many bytes are uploaded in parts
 * @param partSize bytes per part (S3 requires at least 5 MiB for every part but the last)
 */
public record S3Tuning(
        int maxConnections,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration attemptTimeout,
        Duration callTimeout,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        int multipartThreshold,
        int partSize) {
    /** The smallest part S3 accepts (except for the last part of an upload). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    /** Validates the knobs; a value out of range is an IllegalArgumentException. */
    public S3Tuning {
        positive(maxConnections, "maxConnections");
        positive(maxAttempts, "maxAttempts");
        positive(multipartThreshold, "multipartThreshold");
        for (Duration d : new Duration[] {
            connectTimeout, socketTimeout, attemptTimeout, callTimeout, retryBaseDelay, retryMaxDelay
        }) {
            if (Objects.requireNonNull(d, "S3 tuning durations must be set").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("S3 tuning durations must be positive: " + d);
            }
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 multipart part size must be at least " + MIN_PART_SIZE + " bytes");
        }
    }

    /**
     * Returns the defaults: 64 connections; 2 s to connect, 30 s per read, 60 s per attempt and 120 s per
     * call; 4 attempts backing off from 100 ms up to 2 s; multipart from 8 MiB in 8 MiB parts (so the
     * engine's blobs, at most 4 MiB, always take the single-request path).
     */
    public static S3Tuning defaults() {
        return new S3Tuning(
                64,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofSeconds(120),
                4,
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                8 * 1024 * 1024,
                8 * 1024 * 1024);
    }

    /** Returns a copy that uploads blobs of at least {@code threshold} bytes in parts of {@code size}. */
    public S3Tuning withMultipart(int threshold, int size) {
        return new S3Tuning(
                maxConnections,
                connectTimeout,
                socketTimeout,
                attemptTimeout,
                callTimeout,
                maxAttempts,
                retryBaseDelay,
                retryMaxDelay,
                threshold,
                size);
    }

    /** Returns a copy with other timeouts (connect, per read, per attempt, per call). */
    public S3Tuning withTimeouts(Duration connect, Duration socket, Duration attempt, Duration call) {
        return new S3Tuning(
                maxConnections,
                connect,
                socket,
                attempt,
                call,
                maxAttempts,
                retryBaseDelay,
                retryMaxDelay,
                multipartThreshold,
                partSize);
    }

    /** Returns a copy with another retry policy. */
    public S3Tuning withRetries(int attempts, Duration baseDelay, Duration maxDelay) {
        return new S3Tuning(
                maxConnections,
                connectTimeout,
                socketTimeout,
                attemptTimeout,
                callTimeout,
                attempts,
                baseDelay,
                maxDelay,
                multipartThreshold,
                partSize);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("S3 tuning " + name + " must be at least 1, not " + value);
        }
    }
}
