package io.aetherfs.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
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
}
