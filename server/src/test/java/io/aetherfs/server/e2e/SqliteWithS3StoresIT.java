package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.AfsServer;
import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.storage.Stores;
import io.aetherfs.store.s3.S3BlobStore;
import io.aetherfs.store.sql.sqlite.SqliteMetaStore;
import io.aetherfs.testkit.servers.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node with SQLite metadata and its content in a real S3-compatible bucket (testkit's s3proxy): the
 * metadata and blob backends are opened by kind, so they combine freely. Files written over HTTP land
 * in the bucket, not in {@code data_dir/blobs}, and survive a restart of the node.
 */
class SqliteWithS3StoresIT {
    private static final String TENANT = "2f0c3e5a-41d6-4b8e-9c7a-3d5e6f708192";

    @TempDir
    Path dir;

    private AfsServer server;
    private Stores stores;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private ServerConfig config() {
        S3TestServer s3 = S3TestServer.shared();
        Map<String, String> env = Map.of(
                "AFS_SERVER_STORAGE_S3_ENDPOINT",
                s3.endpoint().toString(),
                "AFS_SERVER_STORAGE_S3_REGION",
                S3TestServer.REGION,
                "AFS_SERVER_STORAGE_S3_BUCKET",
                s3.createBucket(),
                "AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID",
                S3TestServer.ACCESS_KEY_ID,
                "AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY",
                S3TestServer.SECRET_ACCESS_KEY,
                "AFS_SERVER_STORAGE_S3_PATH_STYLE",
                "true",
                "AFS_SERVER_SHUTDOWN_GRACE_SECS",
                "5");
        Map<ConfigKey<?>, String> flags = Map.of(
                ConfigKeys.LISTEN_ADDR, "127.0.0.1:0",
                ConfigKeys.DATA_DIR, dir.resolve("data").toString(),
                ConfigKeys.STORAGE_BACKEND, "embedded");
        return new ConfigLoader(dir, env).load(null, flags);
    }

    private ApiClient start(ServerConfig config) {
        stores = Stores.open(config.storage(), "sqlite", "s3");
        assertThat(stores.meta()).isInstanceOf(SqliteMetaStore.class);
        assertThat(stores.blobs()).isInstanceOf(S3BlobStore.class);
        server = AfsServer.start(config, stores, AfsServer.loadModules());
        return ApiClient.of(server.port(), TENANT, "alice");
    }

    @Test
    void sqliteMetadataWithS3Content_servesFilesFromTheBucketAcrossARestart() {
        ServerConfig config = config();
        byte[] large = new byte[300 * 1024]; // past the 16 KiB inline limit: its extents go to the blob store
        new Random(7).nextBytes(large);
        ApiClient api = start(config);
        String id = api.newSession("sqlite-s3");

        api.write(id, "big.bin", large);
        api.write(id, "small.txt", "inline in SQLite");
        long blobs = stores.blobs().list(TenantId.parse(TENANT), null, 100).size();
        server.close();
        server = null;

        assertThat(blobs).as("extents in the bucket").isPositive();
        assertThat(Files.exists(dir.resolve("data/afs.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("data/blobs")))
                .as("no local blob directory")
                .isFalse();
        ApiClient restarted = start(config);
        assertThat(restarted.read(id, "big.bin")).isEqualTo(large);
        assertThat(new String(restarted.read(id, "small.txt"))).isEqualTo("inline in SQLite");
    }
}
