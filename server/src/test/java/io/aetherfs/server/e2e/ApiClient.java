package io.aetherfs.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A plain {@code java.net.http} client of one afs-server's {@code /v1} API, acting as one caller (an
 * {@code Authorization} header, or none). Every reply is kept in a shared log, so a test can check all
 * the answers it provoked at once.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final List<Reply> log;
    private final Credentials credentials;

    private ApiClient(HttpClient http, String base, String authorization, List<Reply> log, Credentials credentials) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.log = log;
        this.credentials = credentials;
    }

    /** Returns a client of the server on 127.0.0.1:{@code port} acting with dev token {@code tenant:principal}. */
    static ApiClient of(int port, String tenant, String principal) {
        return of(port, tenant, principal, Credentials.DEV);
    }

    /** Returns a client of the server on 127.0.0.1:{@code port} acting as {@code principal} of {@code tenant}. */
    static ApiClient of(int port, String tenant, String principal, Credentials credentials) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new ApiClient(
                http,
                "http://127.0.0.1:" + port,
                credentials.authorization(tenant, principal),
                Collections.synchronizedList(new ArrayList<>()),
                credentials);
    }

    /** Returns a client sharing this one's connection pool and log but sending {@code authorization}. */
    ApiClient withAuthorization(String authorization) {
        return new ApiClient(http, base, authorization, log, credentials);
    }

    /** Returns a client like this one that keeps no log (for high-volume traffic). */
    ApiClient withoutLog() {
        return new ApiClient(http, base, authorization, null, credentials);
    }

    /** Returns a client of another caller (same kind of credentials) sharing pool and log. */
    ApiClient as(String tenant, String principal) {
        return withAuthorization(credentials.authorization(tenant, principal));
    }

    /** Returns every reply any client sharing this log received, oldest first. */
    List<Reply> replies() {
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Returns the percent-encoded form of a query parameter value. */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Reply get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, null, headers);
    }

    Reply delete(String pathAndQuery, String... headers) {
        return send("DELETE", pathAndQuery, null, headers);
    }

    Reply post(String pathAndQuery, String json, String... headers) {
        return send("POST", pathAndQuery, json.getBytes(StandardCharsets.UTF_8), headers);
    }

    Reply post(String pathAndQuery, JsonNode json, String... headers) {
        return post(pathAndQuery, json.toString(), headers);
    }

    Reply put(String pathAndQuery, byte[] body, String... headers) {
        return send("PUT", pathAndQuery, body, headers);
    }

    /** Sends a request whose body is streamed without a Content-Length (chunked). */
    Reply sendStreamed(String method, String pathAndQuery, Supplier<InputStream> body) {
        HttpRequest.Builder b = request(pathAndQuery).method(method, HttpRequest.BodyPublishers.ofInputStream(body));
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    /** Sends {@code method} with an optional body and extra header name/value pairs. */
    Reply send(String method, String pathAndQuery, byte[] body, String... headers) {
        HttpRequest.Builder b = request(pathAndQuery)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && method.equals("POST") && !typed) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** Opens a streaming GET (no timeout) whose body arrives line by line; the caller closes the stream. */
    HttpResponse<java.util.stream.Stream<String>> lines(String pathAndQuery, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Reply reply = new Reply(request.method() + " " + request.uri().getRawPath(), r);
            if (log != null) {
                log.add(reply);
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a blank session and returns its id. */
    String newSession(String displayName) {
        ObjectNode body = JSON.createObjectNode().put("displayName", displayName);
        return ok(post("/v1/sessions", body)).json().get("id").asText();
    }

    /** Returns GET /v1/sessions/{id} (which must succeed). */
    JsonNode session(String id) {
        return ok(get("/v1/sessions/" + id)).json();
    }

    /** Returns the session's current fingerprint. */
    String fingerprint(String id) {
        return session(id).path("fingerprint").asText();
    }

    /** Returns every event of the session, following the pages. */
    List<JsonNode> events(String id) {
        return pages("/v1/sessions/" + id + "/events?pageSize=1000", "events");
    }

    /** Returns every manifest entry of the session, following the pages. */
    List<JsonNode> manifest(String id) {
        return pages("/v1/sessions/" + id + "/manifest?pageSize=1000", "entries");
    }

    /** Returns the bytes of a file (which must exist). */
    byte[] read(String id, String path) {
        return ok(get("/v1/sessions/" + id + "/files?path=" + enc(path))).bytes();
    }

    /** Writes a file with a raw PUT, creating parents, and returns its ManifestEntry. */
    JsonNode write(String id, String path, byte[] content) {
        return ok(put("/v1/sessions/" + id + "/files?createParents=true&path=" + enc(path), content))
                .json();
    }

    JsonNode write(String id, String path, String text) {
        return write(id, path, text.getBytes(StandardCharsets.UTF_8));
    }

    private List<JsonNode> pages(String first, String field) {
        List<JsonNode> all = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = ok(get(first + (token.isEmpty() ? "" : "&pageToken=" + enc(token))))
                    .json();
            page.path(field).forEach(all::add);
            token = page.path("nextPageToken").asText();
        } while (!token.isEmpty());
        return all;
    }

    /** Returns {@code r} if it is a 200, else fails with what was asked and answered. */
    static Reply ok(Reply r) {
        if (r.status() != 200) {
            throw new AssertionError("expected 200 from " + r);
        }
        return r;
    }

    /** One answer: what was asked, the status, headers and body bytes. */
    record Reply(String request, HttpResponse<byte[]> response) {
        int status() {
            return response.statusCode();
        }

        byte[] bytes() {
            return response.body();
        }

        String text() {
            return new String(response.body(), StandardCharsets.UTF_8);
        }

        /** Returns the body as JSON; fails the test with the body when it is not JSON. */
        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError(
                        request + " answered " + status() + " with a body that is not JSON: " + abbreviated());
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** Returns the body for messages, cut to a readable length. */
        String abbreviated() {
            String t = text();
            return t.length() > 2000 ? t.substring(0, 2000) + "…" : t;
        }

        @Override
        public String toString() {
            return request + " -> " + status() + " " + abbreviated();
        }
    }
}
