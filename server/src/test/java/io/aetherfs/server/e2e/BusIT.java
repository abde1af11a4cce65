package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.http.LineStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bus in a real afs-server on the embedded stores: messages survive a restart (they are SQLite rows),
 * {@code afs_bus_subscribers} counts open streams, and a server shutdown ends streams with UNAVAILABLE.
 */
class BusIT {
    private static final String TENANT = "0b5e3c1d-2f4a-4d6b-8c7e-9a1b2c3d4e5f";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private InProcessServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LineStream subscribe(String session, String query) {
        return LineStream.open(
                http,
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.port() + "/v1/sessions/" + session + "/bus" + query))
                        .header("Authorization", "Bearer " + TENANT + ":alice")
                        .GET()
                        .build());
    }

    private String metrics() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static JsonNode json(String line) throws Exception {
        return JSON.readTree(line);
    }

    /** Returns the next non-empty NDJSON line, skipping keepalives. */
    private static String nextLine(LineStream s) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String l = s.line(WAIT);
            if (!l.isEmpty()) {
                return l;
            }
        }
        throw new AssertionError("only keepalives within " + WAIT);
    }

    @Test
    void messagesSurviveARestart_subscribersAreCounted_andShutdownEndsStreamsWithUnavailable() throws Exception {
        server = InProcessServer.start(dir, Map.of());
        ApiClient api = server.client(TENANT, "alice");
        String session = api.newSession("bus");
        ok(api.post("/v1/sessions/" + session + "/bus:publish", "{\"topic\":\"build\",\"payload\":\"b25l\"}"));
        server.close();

        server = InProcessServer.start(dir, Map.of());
        api = server.client(TENANT, "alice");
        try (LineStream s = subscribe(session, "?afterSequence=0")) {
            assertThat(s.status()).isEqualTo(200);
            JsonNode first = json(nextLine(s)).get("result");
            assertThat(first.get("sequence").asText()).isEqualTo("1");
            assertThat(first.get("payload").asText()).isEqualTo("b25l");
            assertThat(metrics()).contains("afs_bus_subscribers 1.0");

            JsonNode second = ok(api.post(
                            "/v1/sessions/" + session + "/bus:publish", "{\"topic\":\"build\",\"payload\":\"dHdv\"}"))
                    .json();
            assertThat(second.get("sequence").asText()).isEqualTo("2");
            assertThat(json(nextLine(s)).get("result").get("sequence").asText()).isEqualTo("2");

            InProcessServer closing = server;
            Thread stopper = Thread.ofVirtual().start(closing::close);
            List<String> rest = s.rest(WAIT).stream().filter(l -> !l.isEmpty()).toList();
            assertThat(rest).hasSize(1);
            assertThat(json(rest.getFirst()).get("error").get("code").asInt()).isEqualTo(14);
            stopper.join(WAIT);
            server = null;
        }
    }
}
