package io.aetherfs.server.e2e.history;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The server under test as the workload sees it: the ports of its nodes on 127.0.0.1 (one for the
 * embedded server, three for a cluster; client {@code i} talks to node {@code i % n}) and how a caller
 * proves who it is ({@code (tenant, principal) -> Authorization header}).
 */
public record Target(List<Integer> ports, BiFunction<String, String, String> authorization) {
    public Target {
        ports = List.copyOf(ports);
    }

    /** Returns an HTTP client of node {@code node % n} acting as {@code principal} of {@code tenant}. */
    Http client(int node, String tenant, String principal) {
        return new Http(ports.get(node % ports.size()), authorization.apply(tenant, principal));
    }
}
