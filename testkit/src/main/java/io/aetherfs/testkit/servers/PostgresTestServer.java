package io.aetherfs.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 for tests of any module, run by {@code scripts/test-postgres}
 * (which installs PostgreSQL when it is missing). {@link #shared()} is one cluster per JVM, started on
 * first use and stopped by a shutdown hook; {@link #startPrivate()} gives a test its own cluster to stop
 * and restart (outage tests). Tests isolate themselves with {@link #createDatabase(String)}: a fresh,
 * empty database each time.
 *
 * <p>The clusters trust every local connection (superuser {@code postgres}, no password) and run with
 * {@code fsync=off}: a test cluster never outlives its JVM, so durability across machine crashes buys
 * nothing here, while fsyncs would slow every test on a shared disk.
 */
public final class PostgresTestServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final List<String> FAST_SETTINGS =
            List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresTestServer shared;

    private final Path script;
    private final Path dir;
    private final boolean isShared;
    private int port;
    private boolean running;
    private boolean removed;

    private PostgresTestServer(Path script, Path dir, boolean isShared) {
        this.script = script;
        this.dir = dir;
        this.isShared = isShared;
    }

    /** Returns the cluster shared by every test of this JVM, starting it on first use. */
    public static synchronized PostgresTestServer shared() {
        if (shared == null) {
            shared = launch(true);
        }
        return shared;
    }

    /** Starts a cluster for the caller alone; {@link #close()} stops and removes it. */
    public static PostgresTestServer startPrivate() {
        return launch(false);
    }

    private static PostgresTestServer launch(boolean isShared) {
        try {
            Path dir = Files.createTempDirectory("afs-pg-");
            PostgresTestServer server = new PostgresTestServer(findScript(), dir, isShared);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "afs-test-postgres-stop"));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for a test PostgreSQL cluster", e);
        }
    }

    /** Returns the loopback address the cluster listens on. */
    public String host() {
        return HOST;
    }

    /** Returns the cluster's TCP port. */
    public synchronized int port() {
        return port;
    }

    /** Returns the JDBC URL of {@code database}, logging in as the superuser {@code postgres}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database + "?user=postgres";
    }

    /**
     * Creates a fresh, empty database whose name starts with {@code hint} (lowercased, non-alphanumerics
     * replaced) and returns its JDBC URL.
     */
    public String createDatabase(String hint) {
        String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String name = "afs_" + clean.substring(0, Math.min(clean.length(), 40)) + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** Opens a superuser connection to {@code database}, for a test to inspect or disturb the server. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database));
    }

    /** Starts the cluster again after {@link #stop()}, on the same port and with its data. */
    public synchronized void start() {
        if (running) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("start", dir.toString()));
        args.addAll(FAST_SETTINGS);
        String url = run(args).strip();
        port = Integer.parseInt(url.replaceAll("^jdbc:postgresql://[^:]+:(\\d+)/.*$", "$1"));
        running = true;
    }

    /** Stops the server (pg_ctl stop -m fast) and keeps its data, so a test can see an outage. */
    public synchronized void stop() {
        if (isShared) {
            throw new IllegalStateException("the shared test PostgreSQL stops only at JVM exit; use startPrivate()");
        }
        if (running) {
            run(List.of("stop", dir.toString(), "--keep"));
            running = false;
        }
    }

    /** Stops the server and removes its directory. Closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (removed) {
            return;
        }
        removed = true;
        running = false;
        run(List.of("stop", dir.toString()));
    }

    private String run(List<String> args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        try {
            Path err = Files.createTempFile("afs-pg-script-", ".err");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Paths.get("/dev/null").toFile()))
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("scripts/test-postgres " + args.getFirst() + " timed out");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("scripts/test-postgres " + String.join(" ", args) + " failed (exit "
                            + p.exitValue() + "): " + Files.readString(err));
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scripts/test-postgres", e);
        }
    }

    /** Finds scripts/test-postgres: {@code -Dafs.testPostgresScript}, else in this or a parent directory. */
    private static Path findScript() {
        String configured = System.getProperty("afs.testPostgresScript");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("scripts").resolve("test-postgres");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/test-postgres not found above "
                + Path.of("").toAbsolutePath() + "; set -Dafs.testPostgresScript");
    }
}
