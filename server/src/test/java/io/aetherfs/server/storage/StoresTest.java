package io.aetherfs.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.store.local.LocalBlobStore;
import io.aetherfs.store.sql.sqlite.SqliteMetaStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private ServerConfig.Storage storage() {
        return new ConfigLoader(dir, env).load(null, Map.of()).storage();
    }

    @Test
    void describe_embedded_namesDatabaseFileAndBlobDirectory() {
        env.put("AFS_SERVER_STORAGE_DATA_DIR", dir.resolve("data").toString());

        assertThat(Stores.describe(storage()))
                .isEqualTo("SQLite " + dir.resolve("data/afs.db") + ", blobs in " + dir.resolve("data/blobs"));
    }

    @Test
    void describe_scaleOut_namesDatabaseAndBucketWithoutSecrets() {
        env.put("AFS_SERVER_STORAGE_BACKEND", "scale-out");
        env.put("AFS_SERVER_STORAGE_POSTGRES_URL", "postgresql://afs:pg-password@127.0.0.1:5432/meta");
        env.put("AFS_SERVER_STORAGE_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("AFS_SERVER_STORAGE_S3_BUCKET", "blobs");
        env.put("AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID", "id");
        env.put("AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY", "s3-secret");
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        String text = Stores.describe(storage());

        assertThat(text)
                .contains("PostgreSQL 127.0.0.1:5432/meta as afs")
                .contains("S3 bucket blobs at http://127.0.0.1:9000")
                .doesNotContain("afs.db")
                .doesNotContain("pg-password")
                .doesNotContain("s3-secret");
    }

    @Test
    void describe_embeddedWithS3Blobs_namesTheSqliteFileAndTheBucket() {
        env.put("AFS_SERVER_STORAGE_DATA_DIR", dir.resolve("data").toString());
        env.put("AFS_SERVER_STORAGE_BLOBS", "s3");
        env.put("AFS_SERVER_STORAGE_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("AFS_SERVER_STORAGE_S3_BUCKET", "blobs");
        env.put("AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID", "id");
        env.put("AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY", "s3-secret");

        assertThat(Stores.describe(storage()))
                .isEqualTo("SQLite " + dir.resolve("data/afs.db") + ", S3 bucket blobs at http://127.0.0.1:9000");
    }

    @Test
    void settings_missingKey_namesTheSettingThatChoseTheHalf() {
        env.put("AFS_SERVER_STORAGE_BLOBS", "s3");
        env.put("AFS_SERVER_STORAGE_S3_BUCKET", "blobs");
        env.put("AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID", "id");
        env.put("AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY", "s3-secret");

        assertThatThrownBy(() -> StorageSettings.forBlobs(storage()).require("s3_region"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage.blobs = s3 needs storage.s3_region (AFS_SERVER_STORAGE_S3_REGION)");
        assertThatThrownBy(() -> StorageSettings.forMetadata(storage()).require("postgres_url"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage.backend = embedded needs storage.postgres_url (AFS_SERVER_STORAGE_POSTGRES_URL)");
    }

    @Test
    void open_unknownKinds_nameTheKindsOnTheClassPath() {
        env.put("AFS_SERVER_STORAGE_DATA_DIR", dir.resolve("data").toString());
        ServerConfig.Storage storage = storage();

        assertThatThrownBy(() -> Stores.open(storage, "sqlite", "tape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown blob backend 'tape': expected one of local, s3");
        assertThatThrownBy(() -> Stores.open(storage, "mysql", "local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown metadata backend 'mysql': expected one of postgres, sqlite");
        assertThat(dir.resolve("data")).as("nothing opened").doesNotExist();
    }

    @Test
    void open_embedded_opensSqliteAndLocalBlobsWithTheJobsTable() {
        env.put("AFS_SERVER_STORAGE_DATA_DIR", dir.resolve("data").toString());

        try (Stores stores = Stores.open(storage())) {
            assertThat(stores.meta()).isInstanceOf(SqliteMetaStore.class);
            assertThat(stores.blobs()).isInstanceOf(LocalBlobStore.class);
            assertThat(stores.notifier()).isInstanceOf(InProcessNotifier.class);
            assertThat(stores.jobs().getClass().getSimpleName()).isEqualTo("SqliteJobQueue");
        }
        assertThat(dir.resolve("data/afs.db")).exists();
    }

    @Test
    void storesOverGivenStores_findTheJobQueueOfTheirBackend() {
        try (Stores stores = new Stores(SqliteMetaStore.open(dir.resolve("afs.db")), new InMemoryBlobStore())) {
            assertThat(stores.jobs().getClass().getSimpleName()).isEqualTo("SqliteJobQueue");
        }
        try (Stores stores = new Stores(new InMemoryMetaStore(), new InMemoryBlobStore())) {
            assertThat(stores.jobs()).isInstanceOf(InMemoryJobQueue.class);
        }
    }
}
