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
        ServerConfig.Storage s = c.storage();
        ServerConfig scaleOut = new ServerConfig(
                c.listenAddr(),
                c.grpcListenAddr(),
                c.adminListenAddr(),
                c.tls(),
                new ServerConfig.Storage(
                        ServerConfig.StorageBackend.SCALE_OUT,
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

        assertThatThrownBy(() -> MasterKey.load(scaleOut, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secrets.master_key");
        assertThat(s.secretsKeyFile()).doesNotExist();
    }
}
