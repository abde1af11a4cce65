package io.aetherfs.store.s3;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Hash;
import io.aetherfs.testkit.servers.S3TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** How the S3 store fails: a clear UNAVAILABLE naming endpoint and bucket, quickly, never the secret. */
class S3BlobStoreFailureTest {
    @Test
    void open_missingBucket_throwsUnavailableNamingBucketAndEndpoint() {
        S3Settings settings = S3Fixture.freshBucket().withBucket("afs-no-such-bucket");
        assertUnavailable(() -> S3BlobStore.open(settings))
                .contains("'afs-no-such-bucket'", settings.endpoint().toString(), "does not exist", "s3_bucket");
    }

    @Test
    void open_wrongSecret_throwsUnavailableNamingTheKeyButNeverTheSecret() {
        S3Settings settings = S3Fixture.freshBucket().withCredentials(S3TestServer.ACCESS_KEY_ID, "wrong-secret-xyz");
        assertUnavailable(() -> S3BlobStore.open(settings))
                .contains(settings.bucket(), settings.endpoint().toString(), "'" + S3TestServer.ACCESS_KEY_ID + "'")
                .contains("s3_secret_access_key")
                .doesNotContain("wrong-secret-xyz");
    }

    @Test
    void open_unknownAccessKey_throwsUnavailableAboutCredentials() {
        S3Settings settings = S3Fixture.freshBucket().withCredentials("nobody-key", "nobody-secret");
        assertUnavailable(() -> S3BlobStore.open(settings))
                .contains("'nobody-key'", "s3_access_key_id")
                .doesNotContain("nobody-secret");
    }

    @Test
    void checkHealth_bucketDeletedAfterOpen_throwsUnavailable() {
        S3Settings settings = S3Fixture.freshBucket();
        try (S3BlobStore store = S3BlobStore.open(settings);
                S3Client raw = S3Fixture.rawClient(settings)) {
            raw.deleteObject(r -> r.bucket(settings.bucket()).key("health"));
            raw.deleteBucket(r -> r.bucket(settings.bucket()));
            assertUnavailable(store::checkHealth).contains(settings.bucket(), "does not exist");
            byte[] data = randomBytes(1, 10);
            assertUnavailable(() -> store.put(TENANT_A, Hash.of(data), data, 0, data.length))
                    .contains("does not exist");
        }
    }

    @Test
    void everyCall_serverStopped_failsWithUnavailableWithinSeconds() {
        S3TestServer server = S3TestServer.start();
        try {
            S3Settings settings = S3Fixture.on(server, server.createBucket());
            try (S3BlobStore store = S3BlobStore.open(settings)) {
                byte[] data = randomBytes(2, 10);
                Hash hash = Hash.of(data);
                store.put(TENANT_A, hash, data, 0, data.length);
                server.stop();
                long start = System.nanoTime();
                assertUnavailable(() -> store.put(TENANT_A, hash, data, 0, data.length))
                        .contains(
                                "cannot reach",
                                settings.bucket(),
                                settings.endpoint().toString());
                assertUnavailable(() -> store.get(TENANT_A, hash, 0, 10));
                assertUnavailable(() -> store.stat(TENANT_A, hash));
                assertUnavailable(() -> store.delete(TENANT_A, hash));
                assertUnavailable(() -> store.list(TENANT_A, null, 10));
                assertUnavailable(store::tenants);
                assertUnavailable(store::checkHealth);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void open_endpointThatNeverAnswers_failsWithinTheConfiguredTimeouts() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Connections complete in the kernel's backlog, but no byte ever comes back.
            S3Settings base = S3Fixture.freshBucket();
            S3Settings settings = new S3Settings(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    base.region(),
                    base.bucket(),
                    "",
                    base.accessKeyId(),
                    base.secretAccessKey(),
                    true,
                    base.tuning()
                            .withTimeouts(
                                    Duration.ofMillis(500),
                                    Duration.ofMillis(500),
                                    Duration.ofSeconds(1),
                                    Duration.ofSeconds(3))
                            .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(200)));
            long start = System.nanoTime();
            assertUnavailable(() -> S3BlobStore.open(settings)).contains("cannot reach", settings.bucket());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void settings_toString_hidesTheSecret() {
        S3Settings settings = S3Fixture.freshBucket().withCredentials("key-id", "very-secret");
        assertThat(settings.toString()).contains("key-id").doesNotContain("very-secret");
    }

    /** Asserts that {@code call} throws UNAVAILABLE and returns an assertion on its message. */
    private static AbstractStringAssert<?> assertUnavailable(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNAVAILABLE));
        return assertThat(thrown.getMessage());
    }
}
