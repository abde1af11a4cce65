package io.aetherfs.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.server.config.ServerConfig.AuthMode;
import io.aetherfs.server.config.ServerConfig.BlobKind;
import io.aetherfs.server.config.ServerConfig.MetadataKind;
import io.aetherfs.server.config.ServerConfig.StorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage.metadata} and {@code storage.blobs}: they override a half of {@code storage.backend}'s
 * pair from file, environment or flag, and what each half needs (keys, master key, lock, auth default)
 * follows the half, not the backend name.
 */
class StorageConfigTest {
    private static final String HMAC_KEY = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final Map<ConfigKey<?>, String> flags = new HashMap<>();

    private ServerConfig load() {
        return new ConfigLoader(dir, env).load(null, flags);
    }

    private void writeConfig(String toml) throws IOException {
        Files.writeString(dir.resolve("afs-server.toml"), toml);
    }

    private void s3Keys() {
        env.put("AFS_SERVER_STORAGE_S3_BUCKET", "afs");
        env.put("AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID", "id");
        env.put("AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY", "secret");
    }

    @Test
    void load_noOverrides_opensTheBackendsPair() {
        ServerConfig.Storage embedded = load().storage();
        s3Keys();
        env.put("AFS_SERVER_STORAGE_BACKEND", "scale-out");
        env.put("AFS_SERVER_STORAGE_POSTGRES_URL", "postgresql://afs@127.0.0.1:5432/afs");
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", HMAC_KEY);
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);
        ServerConfig.Storage scaleOut = load().storage();

        assertThat(embedded.metadata()).isEqualTo(MetadataKind.SQLITE);
        assertThat(embedded.blobs()).isEqualTo(BlobKind.LOCAL);
        assertThat(embedded.locksDataDir()).isTrue();
        assertThat(embedded.generatesMasterKey()).isTrue();
        assertThat(embedded.describeKinds()).isEqualTo("embedded, sqlite metadata + local blobs");
        assertThat(scaleOut.metadata()).isEqualTo(MetadataKind.POSTGRES);
        assertThat(scaleOut.blobs()).isEqualTo(BlobKind.S3);
        assertThat(scaleOut.locksDataDir()).isFalse();
        assertThat(scaleOut.generatesMasterKey()).isFalse();
        assertThat(scaleOut.metadataSetting()).isEqualTo("storage.backend = scale-out");
    }

    @Test
    void load_embeddedWithS3BlobsFromFile_isOneSqliteNodeWithContentInABucket() throws IOException {
        writeConfig("[storage]\nbackend = \"embedded\"\nblobs = \"s3\"\ns3_bucket = \"afs\"\n"
                + "s3_access_key_id = \"id\"\ns3_secret_access_key = \"secret\"\n");

        ServerConfig c = load();

        assertThat(c.storage().backend()).isEqualTo(StorageBackend.EMBEDDED);
        assertThat(c.storage().metadata()).isEqualTo(MetadataKind.SQLITE);
        assertThat(c.storage().blobs()).isEqualTo(BlobKind.S3);
        assertThat(c.storage().locksDataDir()).as("SQLite is one process").isTrue();
        assertThat(c.storage().generatesMasterKey()).isTrue();
        assertThat(c.auth().mode()).isEqualTo(AuthMode.DEV);
        assertThat(c.storage().blobsSetting()).isEqualTo("storage.blobs = s3");
        assertThat(c.storage().describeKinds()).isEqualTo("embedded, sqlite metadata + s3 blobs");
    }

    @Test
    void load_blobsInEveryLayer_flagWinsOverEnvironmentOverFile() throws IOException {
        s3Keys();
        writeConfig("[storage]\nblobs = \"s3\"\nmetadata = \"postgres\"\n");
        env.put("AFS_SERVER_STORAGE_METADATA", "sqlite");
        env.put("AFS_SERVER_STORAGE_BLOBS", "local");
        assertThat(load().storage().blobs()).as("environment over file").isEqualTo(BlobKind.LOCAL);
        assertThat(load().storage().metadata()).as("environment over file").isEqualTo(MetadataKind.SQLITE);

        flags.put(ConfigKeys.STORAGE_BLOBS, "S3");
        assertThat(load().storage().blobs())
                .as("flag over environment, case-insensitive")
                .isEqualTo(BlobKind.S3);
    }

    @Test
    void load_emptyOverride_fallsBackToTheBackendsHalf() {
        env.put("AFS_SERVER_STORAGE_BLOBS", "");
        env.put("AFS_SERVER_STORAGE_METADATA", "");

        ServerConfig.Storage s = load().storage();

        assertThat(s.metadata()).isEqualTo(MetadataKind.SQLITE);
        assertThat(s.blobs()).isEqualTo(BlobKind.LOCAL);
    }

    @Test
    void load_s3BlobsWithoutKeys_failsNamingTheOverrideAndEveryMissingKey() {
        flags.put(ConfigKeys.STORAGE_BLOBS, "s3");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.blobs (from flag --storage-blobs) is s3, which also needs"
                        + " storage.s3_bucket (AFS_SERVER_STORAGE_S3_BUCKET), storage.s3_access_key_id"
                        + " (AFS_SERVER_STORAGE_S3_ACCESS_KEY_ID), storage.s3_secret_access_key"
                        + " (AFS_SERVER_STORAGE_S3_SECRET_ACCESS_KEY)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("postgres_url"));
    }

    @Test
    void load_postgresMetadataWithLocalBlobs_needsUrlAndMasterKeyButNoS3Keys() {
        env.put("AFS_SERVER_STORAGE_METADATA", "postgres");
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", HMAC_KEY);
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.metadata (from environment variable AFS_SERVER_STORAGE_METADATA)"
                        + " is postgres, which also needs storage.postgres_url (AFS_SERVER_STORAGE_POSTGRES_URL)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3_"));

        env.put("AFS_SERVER_STORAGE_POSTGRES_URL", "postgresql://afs@127.0.0.1:5432/afs");
        ServerConfig c = load();
        assertThat(c.storage().blobs()).isEqualTo(BlobKind.LOCAL);
        assertThat(c.storage().locksDataDir()).isFalse();
        assertThat(c.auth().mode()).as("shared metadata defaults to jwt").isEqualTo(AuthMode.JWT);
        assertThat(c.storage().metadataSetting()).isEqualTo("storage.metadata = postgres");
    }

    @Test
    void load_postgresMetadata_defaultsAuthToJwtAndRequiresTheMasterKey() {
        env.put("AFS_SERVER_STORAGE_POSTGRES_URL", "postgresql://afs@127.0.0.1:5432/afs");
        flags.put(ConfigKeys.STORAGE_METADATA, "postgres");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.mode (the default for storage.metadata = postgres) is jwt")
                .hasMessageContaining("auth.hmac_keys");

        env.put("AFS_SERVER_AUTH_HMAC_KEYS", HMAC_KEY);
        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.metadata (from flag --storage-metadata) is postgres,"
                        + " which needs secrets.master_key");
    }

    @Test
    void load_scaleOutWithSqliteMetadata_needsOnlyTheBucketAndStaysDev() {
        env.put("AFS_SERVER_STORAGE_BACKEND", "scale-out");
        env.put("AFS_SERVER_STORAGE_METADATA", "sqlite");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.backend (from environment variable AFS_SERVER_STORAGE_BACKEND)"
                        + " is scale-out, which also needs storage.s3_bucket")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("postgres_url")
                        .doesNotContain("master_key"));

        s3Keys();
        ServerConfig c = load();
        assertThat(c.auth().mode()).isEqualTo(AuthMode.DEV);
        assertThat(c.storage().locksDataDir()).isTrue();
        assertThat(c.storage().generatesMasterKey()).isTrue();
        assertThat(c.storage().blobsSetting()).isEqualTo("storage.backend = scale-out");
    }

    @Test
    void load_bothHalvesOverriddenWithoutKeys_namesEachOverride() {
        env.put("AFS_SERVER_AUTH_HMAC_KEYS", HMAC_KEY);
        env.put("AFS_SERVER_SECRETS_MASTER_KEY", MASTER_KEY);
        env.put("AFS_SERVER_STORAGE_METADATA", "postgres");
        flags.put(ConfigKeys.STORAGE_BLOBS, "s3");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.metadata (from environment variable AFS_SERVER_STORAGE_METADATA)"
                        + " is postgres, which also needs storage.postgres_url")
                .hasMessageContaining(
                        "; storage.blobs (from flag --storage-blobs) is s3, which also needs" + " storage.s3_bucket");
    }

    @Test
    void load_unknownMetadataInFile_failsNamingKeyValueAndAllowedValues() throws IOException {
        writeConfig("[storage]\nmetadata = \"mysql\"\n");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "invalid value for storage.metadata in config file " + dir.resolve("afs-server.toml"))
                .hasMessageContaining("expected one of postgres, sqlite")
                .hasMessageContaining("(got \"mysql\")");
    }

    @Test
    void load_unknownBlobsInEnvironmentOrFlag_failsNamingKeyValueAndAllowedValues() {
        env.put("AFS_SERVER_STORAGE_BLOBS", "tape");
        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "invalid value for storage.blobs in environment variable AFS_SERVER_STORAGE_BLOBS")
                .hasMessageContaining("expected one of local, s3")
                .hasMessageContaining("(got \"tape\")");

        env.clear();
        flags.put(ConfigKeys.STORAGE_METADATA, "mysql");
        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for storage.metadata in flag --storage-metadata")
                .hasMessageContaining("expected one of postgres, sqlite")
                .hasMessageContaining("(got \"mysql\")");
    }
}
