package io.aetherfs.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.server.Version;
import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void version_printsVersionAndExitsZero() {
        assertThat(run("version")).isZero();
        assertThat(out.toString().strip()).isEqualTo("afs-server " + Version.current());
        assertThat(Version.current()).doesNotContain("${").isNotEqualTo("unknown");
    }

    @Test
    void versionFlag_printsVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("afs-server " + Version.current());
    }

    @Test
    void subcommandHelp_printsUsageAndExitsZero() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: afs-server serve").contains("--data-dir");
    }

    @Test
    void unknownFlag_exitsTwo() {
        assertThat(run("serve", "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void invalidConfigFile_exitsTwoNamingFileAndKey() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.toml"), "[storage]\nbakend = \"x\"\n");

        assertThat(run("migrate", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("storage.bakend").contains(file.toString());
    }

    @Test
    void scaleOut_withoutKeys_exitsTwoNamingWhatIsMissing() {
        assertThat(run("--storage-backend", "scale-out", "serve")).isEqualTo(2);
        assertThat(err.toString()).contains("auth.hmac_keys").contains("scale-out");
    }

    @Test
    void unknownStorageBlobs_exitsTwoNamingKeyValueAndKinds() {
        assertThat(run("serve", "--storage-blobs", "tape")).isEqualTo(2);
        assertThat(err.toString())
                .contains("storage.blobs")
                .contains("--storage-blobs")
                .contains("\"tape\"")
                .contains("local, s3");
    }

    @Test
    void migrate_withS3BlobsAndNoBucket_exitsTwoNamingTheFlagAndTheKeys() {
        assertThat(run(
                        "migrate",
                        "--storage-blobs",
                        "s3",
                        "--data-dir",
                        dir.resolve("d").toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("storage.blobs (from flag --storage-blobs) is s3")
                .contains("s3_bucket");
    }

    @Test
    void migrate_embedded_createsCurrentDatabase() {
        Path data = dir.resolve("data");

        assertThat(run("migrate", "--data-dir", data.toString())).isZero();
        assertThat(data.resolve("afs.db")).isRegularFile();
        assertThat(out.toString()).contains("migrated");
    }

    @Test
    void flagsBeforeTheSubcommand_applyToIt() {
        Path data = dir.resolve("outer");

        assertThat(run("--data-dir", data.toString(), "migrate")).isZero();
        assertThat(data.resolve("afs.db")).isRegularFile();
    }

    @Test
    void configFlags_matchTheFlagsOfTheConfigurationKeys() {
        Set<String> declared = new CommandLine(new AfsServerCommand())
                .getCommandSpec().options().stream()
                        .flatMap(o -> Arrays.stream(o.names()))
                        .filter(n -> n.startsWith("--")
                                && !n.equals("--config")
                                && !n.equals("--help")
                                && !n.equals("--version"))
                        .collect(Collectors.toSet());
        Set<String> keyFlags = ConfigKeys.all().stream()
                .map(ConfigKey::flag)
                .filter(f -> f != null)
                .collect(Collectors.toSet());

        assertThat(declared).isEqualTo(keyFlags);
    }
}
