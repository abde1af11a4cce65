package io.aetherfs.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One s3proxy process of an {@link S3TestServer}: its files ({@code server.properties}, {@code data/},
 * {@code s3proxy.log} in a temp directory), its launch under a watcher shell, readiness and shutdown.
 */
final class S3Process {
    /**
     * Runs s3proxy in the background and waits for it. A watcher reads the shell's stdin (kept as fd 3,
     * since background jobs get /dev/null) and kills s3proxy at EOF: when the test JVM stops it or dies.
     * The server's directory goes with it, even when the JVM died without running its shutdown hooks.
     */
    private static final String LAUNCHER = """
            exec 3<&0
            "$1" -Xmx512m -XX:+UseSerialGC -jar "$2" --properties "$3" </dev/null >"$4" 2>&1 &
            pid=$!
            (
              read -r _ <&3
              kill "$pid" 2>/dev/null
              while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
              rm -rf "$5"
            ) &
            wait "$pid"
            """;

    private static final int ATTEMPTS = 3;

    private final Process shell;
    private final Path dir;
    private final URI endpoint;

    private S3Process(Process shell, Path dir, URI endpoint) {
        this.shell = shell;
        this.dir = dir;
        this.endpoint = endpoint;
    }

    /** Starts s3proxy in {@code dir} on a free loopback port and returns once it accepts connections. */
    static S3Process start(Path jar, Path dir, java.time.Duration timeout) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return startOnce(jar, dir, S3TestServer.freePort(), timeout);
            } catch (IOException e) {
                last = e; // most likely another process took the port between probe and bind
            }
        }
        deleteTree(dir);
        throw last;
    }

    URI endpoint() {
        return endpoint;
    }

    boolean isAlive() {
        return shell.isAlive();
    }

    /** Stops s3proxy (closing the watcher's pipe, then by signal if needed) and deletes its files. */
    synchronized void stop() {
        stopProcess(shell);
        deleteTree(dir);
    }

    private static S3Process startOnce(Path jar, Path dir, int port, java.time.Duration timeout) throws IOException {
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path properties = dir.resolve("server.properties");
        Path log = dir.resolve("s3proxy.log");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "s3proxy.endpoint=" + endpoint,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + S3TestServer.ACCESS_KEY_ID,
                        "s3proxy.credential=" + S3TestServer.SECRET_ACCESS_KEY,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + data,
                        ""),
                StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(
                "/bin/sh",
                "-c",
                LAUNCHER,
                "s3proxy",
                java,
                jar.toString(),
                properties.toString(),
                log.toString(),
                dir.toString()));
        pb.environment().put("LOG_LEVEL", "warn");
        pb.environment().put("JETTY_LOG_LEVEL", "warn");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        Process shell = pb.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!shell.isAlive()) {
                throw new IOException(
                        "s3proxy exited with status " + shell.exitValue() + " on port " + port + ": " + tail(log));
            }
            if (accepts(port)) {
                return new S3Process(shell, dir, endpoint);
            }
            sleep(50);
        }
        stopProcess(shell);
        throw new IllegalStateException(
                "s3proxy did not listen on " + endpoint + " within " + timeout + ": " + tail(log));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void stopProcess(Process shell) {
        List<ProcessHandle> descendants = shell.descendants().toList();
        try {
            shell.getOutputStream().close(); // EOF for the watcher: it kills s3proxy
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!shell.waitFor(10, TimeUnit.SECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                shell.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            descendants.forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "(no log)";
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Deletes the server's directory, which the watcher may be removing at the same time. */
    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException | UncheckedIOException e) {
            // removed meanwhile (Files.walk reports a vanished entry as UncheckedIOException)
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the S3 test server's files in " + root, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for s3proxy", e);
        }
    }
}
