package io.aetherfs.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreate_missingFile_writesBase64KeyOwnerOnly() throws IOException {
        Path file = dir.resolve("data/secrets.key");

        MasterKey key = MasterKey.loadOrCreate(file, new SecureRandom());

        assertThat(key.bytes()).hasSize(32);
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(key.bytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(key.toString()).doesNotContain(Files.readString(file).strip());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void loadOrCreate_saysInTheLogThatItGeneratedAKey_withoutTheKey() throws IOException {
        ch.qos.logback.classic.Logger log =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(MasterKey.class);
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        log.addAppender(lines);
        ch.qos.logback.classic.Level before = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            Path file = dir.resolve("data/secrets.key");
            MasterKey.loadOrCreate(file, new SecureRandom());
            MasterKey.loadOrCreate(file, new SecureRandom());

            assertThat(lines.list).singleElement().satisfies(e -> {
                assertThat(e.getFormattedMessage()).contains("generated", file.toString(), "0600");
                assertThat(e.getFormattedMessage())
                        .doesNotContain(Files.readString(file).strip());
            });
        } finally {
            log.detachAppender(lines);
            log.setLevel(before);
        }
    }

    @Test
    void loadOrCreate_existingFile_returnsSameKey() throws IOException {
        Path file = dir.resolve("secrets.key");
        MasterKey first = MasterKey.loadOrCreate(file, new SecureRandom());

        MasterKey second = MasterKey.loadOrCreate(file, new SecureRandom());

        assertThat(second.bytes()).isEqualTo(first.bytes());
    }

    @Test
    void loadOrCreate_corruptFile_failsWithoutShowingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("secrets.key"), "dG9vIHNob3J0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> MasterKey.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining("dG9vIHNob3J0");
    }

    @Test
    void load_scaleOutWithoutConfiguredKey_failsInsteadOfGeneratingOne() {
        ServerConfig c = new ConfigLoader(dir, Map.of()).load(null, Map.of());
        ServerConfig scaleOut = withStorage(
                c, ServerConfig.StorageBackend.SCALE_OUT, ServerConfig.MetadataKind.POSTGRES, ServerConfig.BlobKind.S3);

        assertThatThrownBy(() -> MasterKey.load(scaleOut, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storage.backend = scale-out needs secrets.master_key");
        assertThat(c.storage().secretsKeyFile()).doesNotExist();
    }

    @Test
    void load_postgresMetadataUnderEmbedded_failsNamingTheOverride() {
        ServerConfig c = new ConfigLoader(dir, Map.of()).load(null, Map.of());
        ServerConfig postgresLocal = withStorage(
                c,
                ServerConfig.StorageBackend.EMBEDDED,
                ServerConfig.MetadataKind.POSTGRES,
                ServerConfig.BlobKind.LOCAL);

        assertThatThrownBy(() -> MasterKey.load(postgresLocal, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storage.metadata = postgres needs secrets.master_key");
        assertThat(c.storage().secretsKeyFile()).doesNotExist();
    }

    @Test
    void load_sqliteMetadataWithS3Blobs_generatesTheKeyFile() throws IOException {
        ServerConfig c = new ConfigLoader(dir, Map.of()).load(null, Map.of());
        ServerConfig sqliteS3 = withStorage(
                c, ServerConfig.StorageBackend.SCALE_OUT, ServerConfig.MetadataKind.SQLITE, ServerConfig.BlobKind.S3);

        MasterKey key = MasterKey.load(sqliteS3, new SecureRandom());

        assertThat(c.storage().secretsKeyFile()).isRegularFile();
        assertThat(MasterKey.loadOrCreate(c.storage().secretsKeyFile(), new SecureRandom())
                        .bytes())
                .isEqualTo(key.bytes());
    }

    private static ServerConfig withStorage(
            ServerConfig c,
            ServerConfig.StorageBackend backend,
            ServerConfig.MetadataKind metadata,
            ServerConfig.BlobKind blobs) {
        ServerConfig.Storage s = c.storage();
        return new ServerConfig(
                c.listenAddr(),
                c.grpcListenAddr(),
                c.adminListenAddr(),
                c.tls(),
                new ServerConfig.Storage(
                        backend,
                        metadata,
                        blobs,
                        s.dataDir(),
                        s.postgresUrl(),
                        s.postgresMaxConnections(),
                        s.s3Endpoint(),
                        s.s3Region(),
                        s.s3Bucket(),
                        s.s3Prefix(),
                        s.s3AccessKeyId(),
                        s.s3SecretAccessKey(),
                        s.s3PathStyle(),
                        s.blobGcGrace()),
                c.auth(),
                c.secrets(),
                c.limits(),
                c.sessions(),
                c.policy(),
                c.bridge(),
                c.sources(),
                c.logging(),
                c.shutdownGrace());
    }
}
