package io.aetherfs.store.s3;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the synchronous S3 client of an {@link S3BlobStore}: the Apache 5 HTTP client with a pool sized
 * for the node's writers, explicit timeouts, the standard retry strategy with exponential backoff, and
 * static credentials. Nothing is read from the environment, profiles or instance metadata, so a node
 * behaves the same wherever it runs.
 */
final class S3Clients {
    private S3Clients() {}

    /** Returns a client for {@code settings}; {@code interceptors} observe every request (tests count them). */
    static S3Client build(S3Settings settings, List<ExecutionInterceptor> interceptors) {
        S3Tuning t = settings.tuning();
        Apache5HttpClient.Builder http = Apache5HttpClient.builder()
                .maxConnections(t.maxConnections())
                .connectionTimeout(t.connectTimeout())
                .socketTimeout(t.socketTimeout())
                // A caller waiting for a pooled connection is bounded like a slow attempt.
                .connectionAcquisitionTimeout(t.attemptTimeout())
                // The store asks first whether a blob exists, so waiting for "100 Continue" saves nothing.
                .expectContinueEnabled(false)
                .tcpKeepAlive(true);
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())))
                .forcePathStyle(settings.pathStyle())
                // Whole-payload signing (no aws-chunked framing) works on every S3-compatible server and
                // costs one pass over bytes already in memory. Puts carry the blob's SHA-256 as their
                // checksum (see S3BlobStore), so the default CRC trailers would only add work.
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false).expectContinueEnabled(false))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> {
                    c.apiCallAttemptTimeout(t.attemptTimeout())
                            .apiCallTimeout(t.callTimeout())
                            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                    .maxAttempts(t.maxAttempts())
                                    .backoffStrategy(
                                            BackoffStrategy.exponentialDelay(t.retryBaseDelay(), t.retryMaxDelay()))
                                    .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(
                                            t.retryBaseDelay().multipliedBy(5), t.retryMaxDelay()))
                                    .build());
                    interceptors.forEach(c::addExecutionInterceptor);
                });
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }
}
