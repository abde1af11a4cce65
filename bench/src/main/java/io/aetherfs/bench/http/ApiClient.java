package io.aetherfs.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The few {@code /v1} calls the HTTP benchmark makes to one server, over one HTTP/1.1 keep-alive connection
 * of the JDK client (calls are sequential), with one {@code Authorization} value. Every call fails loudly on
 * a non-2xx answer.
 */
final class ApiClient {
    /** The dev-mode token of the benchmark's calls unless another is given: {@code <tenant-uuid>:<principal>}. */
    static final String DEV_TOKEN = "Bearer 3f0c8a9e-1111-4a5b-9c2d-1234567890ab:bench";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;
    private final HttpClient http;

    /** A client of the server at {@code baseUrl} sending {@code authorization} (e.g. "Bearer …") on API calls. */
    ApiClient(String baseUrl, String authorization) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String base() {
        return base;
    }

    /** Returns the {@code Authorization} header value of the API calls. */
    String authorization() {
        return authorization;
    }

    /** Creates a blank session and returns its id. */
    String createSession(String displayName) {
        return post("/v1/sessions", "{\"displayName\":\"" + displayName + "\"}")
                .get("id")
                .asText();
    }

    /** Forks {@code session}; returns the child's id. */
    String fork(String session) {
        return post("/v1/sessions/" + session + "/fork", "{}").get("id").asText();
    }

    /** Creates a checkpoint named {@code name}; returns its id. */
    String checkpoint(String session, String name) {
        return post("/v1/sessions/" + session + "/checkpoints", "{\"name\":\"" + name + "\"}")
                .get("checkpointId")
                .asText();
    }

    /** Commits the session's changes; returns the commit id. */
    String commit(String session, String message) {
        return post("/v1/sessions/" + session + "/commit", "{\"message\":\"" + message + "\"}")
                .get("commitId")
                .asText();
    }

    /** Reads the session record (a trivial authenticated JSON call). */
    JsonNode getSession(String session) {
        return json(send(request("/v1/sessions/" + session).GET()));
    }

    /** Writes whole files in one all-or-nothing batch ({@code createParents} on every write). */
    void batchWrite(String session, List<String> paths, List<byte[]> contents) {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder body = new StringBuilder(paths.size() * 6_000).append("{\"operations\":[");
        for (int i = 0; i < paths.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"write\":{\"path\":\"")
                    .append(paths.get(i))
                    .append("\",\"content\":\"")
                    .append(b64.encodeToString(contents.get(i)))
                    .append("\",\"createParents\":true}}");
        }
        body.append("]}");
        post("/v1/sessions/" + session + "/batch", body.toString());
    }

    /** Writes one whole file with a raw body ({@code PUT S/files?path=…&createParents=true}). */
    void put(String session, String path, byte[] content) {
        send(request(filesPath(session, path) + "&createParents=true")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    /** Reads one whole file with {@code GET S/files?path=…}. */
    byte[] get(String session, String path) {
        return send(request(filesPath(session, path)).GET());
    }

    /** Returns the body of an unauthenticated GET of {@code path} (e.g. {@code /metrics}). */
    String getText(String path) {
        return new String(send(HttpRequest.newBuilder(URI.create(base + path)).GET()), StandardCharsets.UTF_8);
    }

    static String filesPath(String session, String path) {
        return "/v1/sessions/" + session + "/files?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    private JsonNode post(String path, String body) {
        return json(send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", authorization);
    }

    private byte[] send(HttpRequest.Builder b) {
        HttpRequest req = b.build();
        try {
            HttpResponse<byte[]> rsp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (rsp.statusCode() / 100 != 2) {
                String text = new String(rsp.body(), StandardCharsets.UTF_8);
                throw new IllegalStateException(req.method() + " " + req.uri() + " answered " + rsp.statusCode() + ": "
                        + text.substring(0, Math.min(500, text.length())));
            }
            return rsp.body();
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
