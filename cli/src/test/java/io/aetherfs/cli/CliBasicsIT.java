package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts every afs command shares, against a real server: help, endpoint and token, exit codes, completion. */
class CliBasicsIT {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void help_printsCommandsEnvironmentAndEveryExitCode() {
        CliRun r = CliRun.against(server, "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains(
                        "sessions",
                        "files",
                        "checkpoints",
                        "commit",
                        "diff",
                        "merge",
                        "events",
                        "bus",
                        "export",
                        "completion",
                        "AFS_ENDPOINT",
                        "AFS_AUTH_TOKEN");
        for (ExitCode code : ExitCode.values()) {
            assertThat(r.out()).contains("  " + code.code() + "  " + code.meaning());
        }
    }

    @Test
    void readme_documentsTheSameExitCodes() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .normalize()
                .getParent()
                .resolve("README.md");
        String text = Files.readString(readme);

        for (ExitCode code : ExitCode.values()) {
            assertThat(text).contains("| " + code.code() + " | " + code.meaning() + " |");
        }
    }

    @Test
    void noSubcommand_printsUsageAndExitsTwo() {
        assertThat(CliRun.against(server).exit()).isEqualTo(2);
        assertThat(CliRun.against(server, "sessions").exit()).isEqualTo(2);
    }

    @Test
    void unknownCommandOrOption_exitsTwoNamingIt() {
        CliRun cmd = CliRun.against(server, "sesions", "list");
        CliRun opt = CliRun.against(server, "sessions", "list", "--colour");

        assertThat(cmd.exit()).isEqualTo(2);
        assertThat(cmd.err()).contains("sesions");
        assertThat(opt.exit()).isEqualTo(2);
        assertThat(opt.err()).contains("--colour");
    }

    @Test
    void noToken_exitsFiveSayingHowToSetOne() {
        CliRun r = CliRun.run(
                Map.of("AFS_ENDPOINT", server.endpoint()), new ByteArrayInputStream(new byte[0]), "sessions", "list");

        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("AFS_AUTH_TOKEN", "--auth-token-file").doesNotContain("Exception");
    }

    @Test
    void refusedToken_exitsFive() {
        CliRun r = CliRun.run(
                Map.of("AFS_ENDPOINT", server.endpoint(), "AFS_AUTH_TOKEN", "not-a-dev-token"),
                new ByteArrayInputStream(new byte[0]),
                "sessions",
                "list");

        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("UNAUTHENTICATED", "token");
    }

    @Test
    void authTokenFile_winsOverTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), server.token() + "\n");
        CliRun r = CliRun.run(
                Map.of("AFS_ENDPOINT", server.endpoint(), "AFS_AUTH_TOKEN", "not-a-dev-token"),
                new ByteArrayInputStream(new byte[0]),
                "sessions",
                "list",
                "--auth-token-file",
                file.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void missingTokenFile_exitsTwo() {
        CliRun r = CliRun.against(
                server, "--auth-token-file", dir.resolve("absent").toString(), "sessions", "list");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void endpointFlag_winsOverTheEnvironment_andGlobalOptionsWorkOnEitherSide() {
        Map<String, String> env = Map.of("AFS_ENDPOINT", "http://127.0.0.1:1", "AFS_AUTH_TOKEN", server.token());
        CliRun before = CliRun.run(
                env,
                new ByteArrayInputStream(new byte[0]),
                "--endpoint",
                server.endpoint(),
                "--output",
                "json",
                "sessions",
                "list");
        CliRun after = CliRun.run(
                env,
                new ByteArrayInputStream(new byte[0]),
                "sessions",
                "list",
                "--endpoint",
                server.endpoint(),
                "--output",
                "json");

        assertThat(before.exit()).as(before.toString()).isZero();
        assertThat(before.json().isArray()).isTrue();
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.json().isArray()).isTrue();
    }

    @Test
    void badEndpoint_exitsTwo() {
        CliRun r = CliRun.against(server, "--endpoint", "127.0.0.1:8080", "sessions", "list");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--endpoint");
    }

    @Test
    void unreachableServer_exitsOneSayingToStartIt() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun r = CliRun.against(server, "--endpoint", "http://127.0.0.1:" + closed, "sessions", "list");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("127.0.0.1:" + closed, "afs-server").doesNotContain("\tat ");
    }

    @Test
    void unknownSession_exitsThree() {
        CliRun r = CliRun.against(server, "sessions", "show", "sess_01jzzzzzzzzzzzzzzzzzzzzzzz");

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("afs sessions show: ").contains("NOT_FOUND");
    }

    @Test
    void completionBash_printsAScriptCompletingEveryCommand() {
        CliRun r = CliRun.against(server, "completion", "bash");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F", "sessions", "checkpoints", "export");
        assertThat(CliRun.against(server, "completion", "fish").exit()).isEqualTo(2);
    }

    @Test
    void version_printsTheVersion() {
        CliRun r = CliRun.against(server, "--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("afs ");
    }
}
