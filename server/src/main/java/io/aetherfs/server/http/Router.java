package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpMethod;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Matches request paths against the route table. Armeria's own path patterns cannot express a variable
 * followed by a custom verb ({@code /v1/sessions/{id}:merge}), so the whole {@code /v1} tree is one
 * Armeria service and this class picks the route. A path that no route matches is NOT_FOUND (404); a
 * path that routes match only for other methods is answered 405 with an {@code Allow} header and the
 * code UNIMPLEMENTED, as grpc-gateway does, since that method is simply not offered there.
 */
final class Router {
    private final List<Route> routes;

    Router(List<Route> routes) {
        Set<String> seen = new HashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.method() + " " + r.path().source())) {
                throw new IllegalArgumentException(
                        "duplicate route " + r.method() + " " + r.path().source());
            }
        }
        this.routes = List.copyOf(routes);
    }

    /** A route chosen for a request and its path variables. */
    record Match(Route route, Map<String, String> params) {}

    List<Route> routes() {
        return routes;
    }

    /** Returns the route serving {@code method} on {@code path}, which arrived as it is. */
    Match match(HttpMethod method, String path) {
        return match(method, path, path);
    }

    /**
     * Returns the route serving {@code method} on {@code path} (as the server normalized it); throws 404
     * or 405 as an HttpFailure. The path is matched with encoded colons decoded (a custom verb may arrive
     * as {@code %3A}); when nothing matches, {@code rawPath} (as the client sent it) is matched, so a
     * variable segment may hold an encoded colon or slash (a cache key such as {@code tests%3Aunit} or
     * {@code a%2Fb}) that is decoded only once the segment is cut out (spec §8.10).
     */
    Match match(HttpMethod method, String path, String rawPath) {
        String p = normalize(path);
        Match m = find(method, p);
        if (m == null && rawPath != null && !rawPath.equals(p)) {
            m = find(method, rawPath);
        }
        if (m != null) {
            return m;
        }
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.path().match(p).isPresent()
                    || rawPath != null && r.path().match(rawPath).isPresent()) {
                allowed.add(r.method());
            }
        }
        if (allowed.isEmpty()) {
            throw HttpFailure.of(AfsException.notFound("no route for " + method + " " + printable(path)));
        }
        String allow = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        throw HttpFailure.methodNotAllowed(
                new AfsException(
                        ErrorCode.UNIMPLEMENTED, method + " is not supported on " + printable(path) + "; use " + allow),
                allow);
    }

    private Match find(HttpMethod method, String path) {
        for (Route r : routes) {
            if (r.method() == method) {
                Optional<Map<String, String>> vars = r.path().match(path);
                if (vars.isPresent()) {
                    return new Match(r, vars.get());
                }
            }
        }
        return null;
    }

    /** Returns the path with an encoded custom-verb colon ({@code %3A}) decoded; ids never contain one. */
    private static String normalize(String path) {
        return path.indexOf('%') < 0 ? path : path.replace("%3A", ":").replace("%3a", ":");
    }

    private static String printable(String path) {
        String p = path.length() > 200 ? path.substring(0, 200) + "…" : path;
        return p.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
