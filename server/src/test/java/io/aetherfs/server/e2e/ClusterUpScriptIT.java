package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/cluster-up} as an operator runs it: two scale-out nodes over the PostgreSQL and s3proxy it
 * starts, a file written through one node read through the other with the admin token it prints, then
 * {@code scripts/cluster-down} stopping every process it started (and doing nothing the second time).
 */
@Tag("slow")
class ClusterUpScriptIT {
    private static final Path REPO = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .normalize()
            .getParent();
    private static final Pattern NODES = Pattern.compile("(?m)^export AFS_CLUSTER_NODES='([^']*)'$");

    @TempDir
    Path tmp;

    @Test
    void clusterUp_twoNodes_serveOneSessionAndStopCleanly() throws Exception {
        // PostgreSQL runs as the "postgres" OS user when the tests run as root: it must reach the directory.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = tmp.resolve("cluster");
        ServerProcess.jar(); // the packaged distribution the script runs (AFS_NO_BUILD: never rebuilt here)

        Run up = script(tmp.resolve("up.log"), "cluster-up", "--dir", dir.toString(), "--nodes", "2");
        List<Long> pids = new ArrayList<>();
        try {
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.output()).contains("node 1  http://127.0.0.1:", "node 2  http://127.0.0.1:", "curl ");
            pids.addAll(processes(dir));
            assertThat(pids).hasSize(4);
            Matcher m = NODES.matcher(Files.readString(dir.resolve("cluster.env")));
            assertThat(m.find()).as("AFS_CLUSTER_NODES in cluster.env").isTrue();
            String[] nodes = m.group(1).split(" ");
            String auth =
                    "Bearer " + Files.readString(dir.resolve("admin.token")).strip();

            String session = send(nodes[0], auth, "POST", "/v1/sessions", "{\"displayName\":\"script\"}")
                    .replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            send(nodes[0], auth, "PUT", "/v1/sessions/" + session + "/files?path=a.txt", "through node 1");
            assertThat(send(nodes[1], auth, "GET", "/v1/sessions/" + session + "/files?path=a.txt", null))
                    .isEqualTo("through node 1");

            Run again = script(tmp.resolve("up-again.log"), "cluster-up", "--dir", dir.toString(), "--nodes", "2");
            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(processes(dir))
                    .as("a second cluster-up starts nothing new")
                    .isEqualTo(pids);
        } finally {
            Run down = script(tmp.resolve("down.log"), "cluster-down", "--dir", dir.toString());
            assertThat(down.exitCode()).as(down.output()).isZero();
        }
        for (long pid : pids) {
            Await.until(Duration.ofSeconds(10), "process " + pid + " to exit after cluster-down", () -> exited(pid));
        }
        Run downAgain = script(tmp.resolve("down-again.log"), "cluster-down", "--dir", dir.toString(), "--purge");
        assertThat(downAgain.exitCode()).as(downAgain.output()).isZero();
        assertThat(dir).doesNotExist();
    }

    /** Returns the pids of the nodes, the PostgreSQL postmaster and s3proxy, from the cluster directory. */
    private static List<Long> processes(Path dir) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (int i = 1; Files.exists(dir.resolve("node-" + i)); i++) {
            pids.add(Long.parseLong(
                    Files.readString(dir.resolve("node-" + i + "/pid")).strip()));
        }
        pids.add(Long.parseLong(Files.readAllLines(dir.resolve("postgres/data/postmaster.pid"))
                .getFirst()
                .strip()));
        pids.add(Long.parseLong(Files.readString(dir.resolve("s3/s3proxy.pid")).strip()));
        return pids;
    }

    /**
     * Returns whether {@code pid} has exited: gone, or a zombie that its parent (an orphan's reaper, such as
     * the postmaster's after pg_ctl stop) has not collected yet.
     */
    private static boolean exited(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return true;
        }
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Run(int exitCode, String output) {}

    private static Run script(Path log, String name, String... args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of(REPO.resolve("scripts").resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AFS_SERVER_"));
        pb.environment().put("AFS_NO_BUILD", "1");
        pb.environment().put("JAVA_OPTS", "-Xmx512m");
        pb.environment().put("AFS_S3PROXY_JAR", s3proxyJar());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within 5 minutes:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** Returns the s3proxy jar the testkit build copied, so the script need not fetch it with Maven. */
    private static String s3proxyJar() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ClusterUpScriptIT.class.getResourceAsStream("/testkit-servers.properties")) {
            p.load(in);
        }
        return p.getProperty("s3proxy.jar");
    }

    private static String send(String node, String auth, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(node + path))
                .header("Authorization", auth)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> rsp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(rsp.statusCode()).as(method + " " + path + ": " + rsp.body()).isEqualTo(200);
        return rsp.body();
    }
}
