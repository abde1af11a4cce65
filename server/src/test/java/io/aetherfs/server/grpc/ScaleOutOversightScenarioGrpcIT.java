package io.aetherfs.server.grpc;

import io.aetherfs.store.s3.S3BlobStore;
import io.aetherfs.store.s3.S3Settings;
import io.aetherfs.store.sql.postgres.PostgresMetaStore;
import io.aetherfs.store.sql.postgres.PostgresSettings;
import io.aetherfs.testkit.servers.PostgresTestServer;
import io.aetherfs.testkit.servers.S3TestServer;

/**
 * The oversight scenario of {@link OversightScenarioGrpcIT} on the scale-out stores: a fresh database on
 * the real PostgreSQL test server and a fresh bucket on the real S3-compatible test server.
 */
class ScaleOutOversightScenarioGrpcIT extends OversightScenarioGrpcIT {
    @Override
    GrpcTestServer startServer() {
        PostgresMetaStore meta = PostgresMetaStore.open(
                PostgresSettings.of(PostgresTestServer.shared().createDatabase("oversight")));
        S3TestServer s3 = S3TestServer.shared();
        try {
            return new GrpcTestServer(
                    meta,
                    S3BlobStore.open(S3Settings.of(
                            s3.endpoint(),
                            S3TestServer.REGION,
                            s3.createBucket(),
                            "",
                            S3TestServer.ACCESS_KEY_ID,
                            S3TestServer.SECRET_ACCESS_KEY,
                            true)));
        } catch (RuntimeException e) {
            meta.close();
            throw e;
        }
    }
}
