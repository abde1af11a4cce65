package io.aetherfs.store.s3;

import io.aetherfs.testkit.servers.S3TestServer;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** Settings and raw clients for tests against the JVM's shared S3 test server, one fresh bucket each. */
final class S3Fixture {
    private S3Fixture() {}

    /** Returns settings for a fresh, empty bucket on the shared test server (no prefix, default tuning). */
    static S3Settings freshBucket() {
        return on(S3TestServer.shared(), S3TestServer.shared().createBucket());
    }

    /** Returns settings for {@code bucket} on {@code server}. */
    static S3Settings on(S3TestServer server, String bucket) {
        return S3Settings.of(
                server.endpoint(),
                S3TestServer.REGION,
                bucket,
                "",
                S3TestServer.ACCESS_KEY_ID,
                S3TestServer.SECRET_ACCESS_KEY,
                true);
    }

    /** Returns a plain client for looking behind the store's back (the caller closes it). */
    static S3Client rawClient(S3Settings settings) {
        return S3Clients.build(settings, List.of());
    }
}
