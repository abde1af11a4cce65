package io.aetherfs.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged distribution through {@code bin/afs-server} as an operator would: no JAVA_HOME,
 * whatever {@code java} is on the PATH (17 on these machines). {@code AFS_NO_BUILD} keeps the
 * launcher from starting a nested Maven build; the package phase has just built the jar.
 */
class LauncherIT {
    private static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private ProcessBuilder launcher(Path workingDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("bin/afs-server").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.remove("AFS_JAVA");
        env.keySet().removeIf(k -> k.startsWith("AFS_SERVER_"));
        env.put("AFS_NO_BUILD", "1");
        return pb;
    }

    @Test
    void version_fromAnyDirectory_printsVersionAndExitsZero() throws Exception {
        Process p = launcher(dir, "version").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out.strip()).isEqualTo("afs-server " + Version.current());
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void serve_defaultDataDirUnderWorkingDirectory_answersAndStopsOnSigterm() throws Exception {
        Process p = launcher(dir, "--listen-addr", "127.0.0.1:0", "--log-level", "info")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = awaitPort(lines);
            StringBuilder rest = new StringBuilder();
            CompletableFuture<Void> drain = CompletableFuture.runAsync(
                    () -> lines.lines().forEach(l -> rest.append(l).append('\n')));

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(dir.resolve("data/afs.db")).isRegularFile();

            p.toHandle().destroy(); // SIGTERM, leaving our end of the pipes open
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            drain.get(5, TimeUnit.SECONDS);
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(rest.toString()).contains("afs-server stopped").doesNotContain("\"level\":\"ERROR\"");
        } finally {
            p.destroyForcibly();
        }
    }

    private static int awaitPort(BufferedReader lines) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server exited before listening:\n" + seen);
    }
}
