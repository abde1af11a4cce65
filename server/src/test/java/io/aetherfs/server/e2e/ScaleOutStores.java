package io.aetherfs.server.e2e;

import io.aetherfs.server.config.HmacKey;
import io.aetherfs.testkit.servers.PostgresTestServer;
import io.aetherfs.testkit.servers.S3TestServer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The shared stores of a scale-out test cluster: a fresh database on the JVM's real PostgreSQL test
 * server and a fresh bucket on its real S3-compatible server (both started on 127.0.0.1 by testkit),
 * with a signing key and a secrets master key, as the {@code AFS_SERVER_*} settings every node gets.
 */
record ScaleOutStores(Map<String, String> env, Credentials credentials) {
    /** Creates a database and a bucket named after {@code hint}. */
    static ScaleOutStores create(String hint) {
        SecureRandom random = new SecureRandom();
        byte[] signing = new byte[32];
        byte[] master = new byte[32];
        random.nextBytes(signing);
        random.nextBytes(master);
        HmacKey key = new HmacKey("test", signing);
        S3TestServer s3 = S3TestServer.shared();
        Map<String, String> env = Map.ofEntries(
                Map.entry("AFS_SERVER_STORAGE_BACKEND", "scale-out"),
                Map.entry(
                        "AFS_SERVER_STORAGE_POSTGRES_URL",
                        PostgresTestServer.shared().createDatabase(hint)),
                Map.entry("AFS_SERVER_STORAGE_POSTGRES_MAX_CONNECTIONS", "8"),
                Map.entry("AFS_SERVER_STORAGE_S3_ENDPOINT", s3.endpoint().toString()),
                Map.entry("AFS_SERVER_STORAGE_S3_REGION", S3TestServer.REGION),
                Map.entry("AFS_SERVER_STORAGE_S3_BUCKET", s3.createBucket()),
                Map.entry("AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY_ID),
                Map.entry("AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY", S3TestServer.SECRET_ACCESS_KEY),
                Map.entry("AFS_SERVER_STORAGE_S3_PATH_STYLE", "true"),
                Map.entry("AFS_SERVER_AUTH_MODE", "jwt"),
                Map.entry(
                        "AFS_SERVER_AUTH_HMAC_KEYS",
                        key.kid() + ":" + Base64.getEncoder().encodeToString(signing)),
                Map.entry("AFS_SERVER_SECRETS_MASTER_KEY", Base64.getEncoder().encodeToString(master)));
        return new ScaleOutStores(env, Credentials.jwt(key));
    }
}
