package io.aetherfs.server.e2e;

import io.aetherfs.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged distribution ({@code target/afs-server.jar} with {@code target/lib/}, built by the
 * {@code package} phase before Failsafe runs) as a separate OS process on the JVM running the tests:
 * {@code serve} on a free 127.0.0.1 port, and the one-shot subcommands such as {@code fsck}. Output goes
 * to a log file that failure messages quote.
 */
final class ServerProcess implements AutoCloseable {
    private static final Path MODULE =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final List<String> JVM_FLAGS =
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx1g");
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Returns the distribution jar, failing clearly when the package phase has not built it. */
    static Path jar() {
        Path jar = MODULE.resolve("target/afs-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first (mvn verify does)");
        }
        return jar;
    }

    /** Returns the java launcher of the JVM running the tests (JDK 25, whatever is on the PATH). */
    static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static ProcessBuilder command(Path workDir, Path log, List<String> args) {
        return command(workDir, log, args, Map.of());
    }

    private static ProcessBuilder command(Path workDir, Path log, List<String> args, Map<String, String> settings) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AFS_SERVER_"));
        env.putAll(settings);
        return pb;
    }

    /** Starts {@code serve} over {@code dataDir} on a free loopback port and waits until /readyz is 200. */
    static ServerProcess start(Path dataDir, Path log) throws IOException, InterruptedException {
        return launch(dataDir.getParent(), log, List.of("--data-dir", dataDir.toString()), Map.of());
    }

    /**
     * Starts {@code serve} as a node configured by the {@code AFS_SERVER_*} {@code settings} (for example a
     * scale-out node over shared stores) on a free loopback port and waits until /readyz is 200.
     */
    static ServerProcess startNode(Path workDir, Path log, Map<String, String> settings)
            throws IOException, InterruptedException {
        return launch(workDir, log, List.of(), settings);
    }

    private static ServerProcess launch(Path workDir, Path log, List<String> args, Map<String, String> settings)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> serve = new ArrayList<>(List.of("serve"));
            serve.addAll(args);
            serve.addAll(List.of("--listen-addr", "127.0.0.1:" + port, "--log-level", "warn"));
            ServerProcess server =
                    new ServerProcess(command(workDir, log, serve, settings).start(), port, log);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                server.close(); // most likely the port was taken meanwhile: try another
                last = e;
            }
        }
        throw last;
    }

    /** Runs a one-shot subcommand to completion and returns its exit code and output. */
    static Result run(Path workDir, Path log, String... args) throws IOException, InterruptedException {
        return run(workDir, log, Map.of(), args);
    }

    /** Runs a one-shot subcommand with {@code AFS_SERVER_*} {@code settings} and returns its exit code and output. */
    static Result run(Path workDir, Path log, Map<String, String> settings, String... args)
            throws IOException, InterruptedException {
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process p = command(workDir, log, List.of(args), settings).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", args) + " did not finish within 120 s");
            }
        } finally {
            p.destroyForcibly();
        }
        byte[] all = Files.readAllBytes(log);
        return new Result(p.exitValue(), new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8));
    }

    /** The outcome of a one-shot subcommand. */
    record Result(int exitCode, String output) {}

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        try {
            Await.until(STARTUP, "afs-server to be ready", () -> ready(http), this::logTail);
        } catch (UncheckedIOException exited) {
            throw exited.getCause();
        }
    }

    /** Returns whether {@code /readyz} answers 200; fails with an IOException once the process has exited. */
    private boolean ready(HttpClient http) {
        if (!process.isAlive()) {
            throw new UncheckedIOException(new IOException(
                    "afs-server exited with " + process.exitValue() + " before it was ready:\n" + logTail()));
        }
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                    == 200;
        } catch (IOException notYet) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for afs-server", e);
        }
    }

    /** Kills the server with SIGKILL (no shutdown hook runs) and returns its exit code once it is gone. */
    int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("afs-server " + process.pid() + " survived SIGKILL");
        }
        return process.exitValue();
    }

    /** Stops the server with SIGTERM (a graceful drain and shutdown) and returns its exit code. */
    int stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("afs-server did not stop within 60 s of SIGTERM:\n" + logTail());
        }
        return process.exitValue();
    }

    /** Returns the last lines of the log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Makes sure the process is gone (SIGKILL if still running); safe to call more than once. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
