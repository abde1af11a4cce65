package io.aetherfs.server.config;

import java.net.InetSocketAddress;

/**
 * A listen address of the server configuration: a host (name, IPv4 literal or bracketed IPv6 literal)
 * and a port, written {@code host:port}.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port must be 0-65535");
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}; the message of a failure says what was expected. */
    public static HostPort parse(String text) {
        String expected = "expected host:port (e.g. 127.0.0.1:8080 or [::1]:8080)";
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(expected);
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[") != host.endsWith("]")) {
            throw new IllegalArgumentException(expected);
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(expected + "; write IPv6 literals in brackets");
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '[' || c == ']')) {
            throw new IllegalArgumentException(expected);
        }
        if (!portText.chars().allMatch(c -> c >= '0' && c <= '9') || portText.length() > 5) {
            throw new IllegalArgumentException(expected);
        }
        int port = Integer.parseInt(portText);
        if (port > 65_535) {
            throw new IllegalArgumentException("the port must be 0-65535");
        }
        return new HostPort(host, port);
    }

    /** Returns the socket address to bind (resolving a host name). */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
