package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.AfsServer;
import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.storage.DataDirLock;
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
 * One node with SQLite metadata and its content in a real S3-compatible bucket (testkit's s3proxy),
 * chosen through the configuration: {@code storage.backend = embedded} with {@code --storage-blobs s3}
 * and the {@code storage.s3_*} keys, started by {@link AfsServer#start(ServerConfig)} as {@code serve}
 * does. The SQLite half decides the rest: the data directory is locked, the master key is generated
 * there, auth is dev. Files written over HTTP land in the bucket, not in {@code data_dir/blobs}, and
 * survive a restart of the node.
 */
class SqliteWithS3StoresIT {
    private static final String TENANT = "2f0c3e5a-41d6-4b8e-9c7a-3d5e6f708192";

    @TempDir
    Path dir;

    private AfsServer server;

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
                ConfigKeys.STORAGE_BACKEND, "embedded",
                ConfigKeys.STORAGE_BLOBS, "s3");
        return new ConfigLoader(dir, env).load(null, flags);
    }

    private ApiClient start(ServerConfig config) {
        server = AfsServer.start(config);
        return ApiClient.of(server.port(), TENANT, "alice");
    }

    /** Returns how many blobs the tenant has in the configured blob store, opened while the node is down. */
    private long blobsInStore(ServerConfig config) {
        try (Stores stores = Stores.open(config.storage())) {
            assertThat(stores.meta()).isInstanceOf(SqliteMetaStore.class);
            assertThat(stores.blobs()).isInstanceOf(S3BlobStore.class);
            return stores.blobs().list(TenantId.parse(TENANT), null, 100).size();
        }
    }

    @Test
    void sqliteMetadataWithS3Content_servesFilesFromTheBucketAcrossARestart() {
        ServerConfig config = config();
        assertThat(config.storage().metadata()).isEqualTo(ServerConfig.MetadataKind.SQLITE);
        assertThat(config.storage().blobs()).isEqualTo(ServerConfig.BlobKind.S3);
        assertThat(config.auth().mode()).isEqualTo(ServerConfig.AuthMode.DEV);
        byte[] large = new byte[300 * 1024]; // past the 16 KiB inline limit: its extents go to the blob store
        new Random(7).nextBytes(large);
        ApiClient api = start(config);
        String id = api.newSession("sqlite-s3");

        api.write(id, "big.bin", large);
        api.write(id, "small.txt", "inline in SQLite");
        assertThatThrownBy(() -> DataDirLock.acquire(dir.resolve("data")))
                .as("SQLite metadata locks the data directory")
                .isInstanceOf(IllegalStateException.class);
        server.close();
        server = null;

        assertThat(blobsInStore(config)).as("extents in the bucket").isPositive();
        assertThat(Files.exists(dir.resolve("data/afs.db"))).isTrue();
        assertThat(Files.exists(dir.resolve("data/secrets.key")))
                .as("master key generated for SQLite metadata")
                .isTrue();
        assertThat(Files.exists(dir.resolve("data/blobs")))
                .as("no local blob directory")
                .isFalse();
        ApiClient restarted = start(config);
        assertThat(restarted.read(id, "big.bin")).isEqualTo(large);
        assertThat(new String(restarted.read(id, "small.txt"))).isEqualTo("inline in SQLite");
    }
}
