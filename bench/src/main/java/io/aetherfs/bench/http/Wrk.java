package io.aetherfs.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (HTTP/1.1, keep-alive, an event loop per thread: a few percent of a core at these rates)
 * with the benchmark's Lua script, under {@code /usr/bin/time} so that its own CPU time is known. Against
 * several nodes, each wrk thread drives one node (the script binds thread {@code i} to node {@code i mod N}),
 * so the thread count is rounded up to a multiple of the node count and the connections to a multiple of
 * the threads: 2 threads and 32 connections become 3 threads of 11 connections (33) against 3 nodes.
 */
final class Wrk {
    private static final Pattern CPU = Pattern.compile("WRK_CPU (\\S+) (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What wrk reported, plus its own CPU seconds (NaN without {@code /usr/bin/time}) and, when counted,
     * the answers outside 2xx by status.
     */
    record Run(
            long requests,
            double seconds,
            long errors,
            double latP50Ms,
            double latP99Ms,
            double cpuSeconds,
            Map<String, Long> statuses) {}

    private final Path script;
    private final int threads;
    private final int connections;
    private final List<String> nodes;
    private boolean countStatuses;

    /** A wrk driving one server. */
    Wrk(Path dir, int threads, int connections) {
        this(dir, threads, connections, List.of());
    }

    /** A wrk spreading its threads over {@code nodes} ({@code host:port}; none or one: the URL's server). */
    Wrk(Path dir, int threads, int connections, List<String> nodes) {
        this.nodes = nodes.size() > 1 ? List.copyOf(nodes) : List.of();
        this.threads = this.nodes.isEmpty() ? threads : roundUp(threads, this.nodes.size());
        this.connections = roundUp(connections, this.threads);
        this.script = dir.resolve("files.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("files.lua")) {
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int connections() {
        return connections;
    }

    int threads() {
        return threads;
    }

    /** Makes the runs count the answers outside 2xx by status (at some cost in wrk's CPU). */
    Wrk countingStatuses() {
        countStatuses = true;
        return this;
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** Runs wrk for {@code seconds} against {@code url} with the script arguments {@code args}. */
    Run run(String url, int seconds, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/time"))) {
            cmd.addAll(List.of("/usr/bin/time", "-f", "WRK_CPU %U %S"));
        }
        cmd.addAll(List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "30s",
                "-s",
                script.toString(),
                url,
                "--"));
        cmd.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (!nodes.isEmpty()) {
                pb.environment().put("AFS_WRK_NODES", String.join(",", nodes));
            }
            if (countStatuses) {
                pb.environment().put("AFS_WRK_STATUSES", "1");
            }
            Process p = pb.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            String out = drain(p.getInputStream());
            int code = p.waitFor();
            String stderr = err.join();
            if (code != 0) {
                throw new IllegalStateException("wrk exited with " + code + ":\n" + out + stderr);
            }
            String line = out.lines()
                    .filter(l -> l.startsWith("WRK_JSON "))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no WRK_JSON line from wrk:\n" + out + stderr));
            JsonNode j = JSON.readTree(line.substring("WRK_JSON ".length()));
            Matcher cpu = CPU.matcher(stderr);
            double cpuSeconds =
                    cpu.find() ? Double.parseDouble(cpu.group(1)) + Double.parseDouble(cpu.group(2)) : Double.NaN;
            long errors = j.get("connectErrors").asLong()
                    + j.get("readErrors").asLong()
                    + j.get("writeErrors").asLong()
                    + j.get("statusErrors").asLong()
                    + j.get("timeouts").asLong();
            Map<String, Long> statuses = new TreeMap<>();
            String counted = out.lines()
                    .filter(l -> l.startsWith("WRK_STATUSES "))
                    .findFirst()
                    .orElse(null);
            if (counted != null) {
                JSON.readTree(counted.substring("WRK_STATUSES ".length()))
                        .properties()
                        .forEach(e -> statuses.put(e.getKey(), e.getValue().asLong()));
            }
            return new Run(
                    j.get("requests").asLong(),
                    j.get("durationUs").asDouble() / 1e6,
                    errors,
                    j.get("latP50Us").asDouble() / 1e3,
                    j.get("latP99Us").asDouble() / 1e3,
                    cpuSeconds,
                    statuses);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
