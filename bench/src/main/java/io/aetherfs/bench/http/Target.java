package io.aetherfs.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The AetherFS deployment a phase of {@link HttpBench} drives: one server (the embedded default) or the
 * nodes of a scale-out cluster over shared stores. Setup calls go to the first node, wrk spreads its
 * connections over every node, and the server-side timings and CPU are summed over the nodes; the shared
 * stores' CPU (PostgreSQL, s3proxy) is counted apart.
 *
 * @param nodes a client of each node, all sending the same {@code Authorization} value
 * @param serverPids the node processes
 * @param storePids the stores' processes (empty when the stores are embedded in the server)
 */
record Target(List<ApiClient> nodes, List<Long> serverPids, List<Long> storePids) {
    /**
     * Reads the target from the driver's options: {@code --url URL[,URL...]}, {@code --server-pid
     * PID[,PID...]}, optional {@code --store-pids PID[,PID...]} and {@code --token-file FILE} (a bearer
     * token such as {@code afs-server token issue} prints; without it, the dev-mode token).
     */
    static Target of(Map<String, String> opts) {
        String authorization = ApiClient.DEV_TOKEN;
        if (opts.containsKey("token-file")) {
            try {
                authorization = "Bearer "
                        + Files.readString(Path.of(opts.get("token-file")), StandardCharsets.UTF_8)
                                .strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --token-file " + opts.get("token-file"), e);
            }
        }
        String auth = authorization;
        List<ApiClient> nodes =
                split(opts.get("url")).stream().map(u -> new ApiClient(u, auth)).toList();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("missing --url");
        }
        return new Target(nodes, pids(opts.get("server-pid")), pids(opts.get("store-pids")));
    }

    /** Returns the client of the first node, which the phases' setup calls use. */
    ApiClient api() {
        return nodes.getFirst();
    }

    /** Returns the {@code Authorization} header value of every call, wrk's included. */
    String authorization() {
        return api().authorization();
    }

    /** Returns each node's {@code host:port}, in order. */
    List<String> addresses() {
        return nodes.stream()
                .map(n -> URI.create(n.base()))
                .map(u -> u.getHost() + ":" + u.getPort())
                .toList();
    }

    /** Scrapes the request histograms of every node, added up. */
    ServerMetrics metrics() {
        return ServerMetrics.scrape(nodes);
    }

    /** Samples the CPU time of the nodes, of the stores and of the machine. */
    ProcCpu.Sample cpu() {
        return ProcCpu.sample(serverPids, storePids);
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank()
                ? List.of()
                : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }

    private static List<Long> pids(String csv) {
        return split(csv).stream().map(Long::parseLong).toList();
    }
}
