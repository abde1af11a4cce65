package io.aetherfs.bench.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The benchmark's HTTP/1.1 client of one afs-server: blocking calls that answer the status (the load
 * loops count failures instead of stopping), and JSON helpers for setup. One connection pool, shared by
 * every virtual thread of a run.
 */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The dev-mode token of every call: {@code <tenant-uuid>:<principal>}. */
    private static final String TOKEN = "Bearer 4a1b2c3d-2222-4e5f-8a9b-abcdef012345:bench";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    /** Sends a request and returns its status; the body is read and dropped. */
    int send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = request(path);
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sends a JSON POST that must succeed and returns the answer. */
    JsonNode post(String path, String json) {
        try {
            HttpResponse<byte[]> rsp = client.send(
                    request(path)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (rsp.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + " answered " + rsp.statusCode() + ": "
                        + new String(rsp.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return JSON.readTree(rsp.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a streaming GET whose body the caller reads (and closes). */
    InputStream stream(String path, String accept) {
        try {
            HttpResponse<InputStream> rsp = client.send(
                    request(path).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (rsp.statusCode() != 200) {
                rsp.body().close();
                throw new IllegalStateException("GET " + path + " answered " + rsp.statusCode());
            }
            return rsp.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a blank session and returns its id. */
    String newSession(String name) {
        return post("/v1/sessions", "{\"displayName\":\"" + name + "\"}")
                .get("id")
                .asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", TOKEN);
    }
}
