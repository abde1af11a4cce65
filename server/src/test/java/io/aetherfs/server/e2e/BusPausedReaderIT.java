package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.Flags;
import io.aetherfs.server.http.StalledHttpStream;
import io.aetherfs.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real afs-server and an NDJSON bus subscriber that stops reading for longer than Armeria's default TCP
 * user timeout (the idle timeout + 5 s): the server ends it as slow, and when it reads again it gets the
 * messages already on their way and the final RESOURCE_EXHAUSTED item, not a connection reset. The
 * bus meters {@code afs_bus_slow_subscribers_total} and {@code afs_bus_held_bytes} show it on the way.
 */
@Tag("slow")
class BusPausedReaderIT {
    private static final String TENANT = "0b5e3c1d-2f4a-4d6b-8c7e-9a1b2c3d4e5f";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PAYLOAD = 256 * 1024;
    private static final Pattern HELD = Pattern.compile("(?m)^afs_bus_held_bytes (\\S+)$");

    @TempDir
    Path dir;

    private InProcessServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String metrics() {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private double held() {
        Matcher m = HELD.matcher(metrics());
        assertThat(m.find()).as("afs_bus_held_bytes is exported").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aReaderPausedPastTheKernelsUserTimeout_stillReadsTheFinalErrorItem() throws Exception {
        server = InProcessServer.start(dir, Map.of());
        ApiClient api = server.client(TENANT, "alice");
        String session = api.newSession("bus");
        String payload = Base64.getEncoder().encodeToString(new byte[PAYLOAD]);
        try (StalledHttpStream reader = StalledHttpStream.open(
                server.port(),
                "/v1/sessions/" + session + "/bus",
                Map.of("Authorization", "Bearer " + TENANT + ":alice"),
                4096)) {
            Await.until(WAIT, "the subscription", () -> metrics().contains("afs_bus_subscribers 1.0"));
            for (int i = 0; i < 64; i++) { // 16 MiB: twice the default bound of 8 MiB
                ok(api.post(
                        "/v1/sessions/" + session + "/bus:publish",
                        "{\"topic\":\"t\",\"payload\":\"" + payload + "\"}"));
            }
            Await.until(
                    WAIT,
                    "the server to end the paused subscriber as slow",
                    () -> metrics().contains("afs_bus_slow_subscribers_total 1.0"),
                    this::metrics);
            assertThat(held()).isGreaterThan(0).isLessThanOrEqualTo(2 * (PAYLOAD * 4.0 / 3 + 1024));

            // The pause is the scenario, not a wait for something: Armeria's default would have made the
            // kernel reset this connection once its receive window had been zero this long.
            Thread.sleep(Duration.ofMillis(Flags.defaultServerIdleTimeoutMillis() + 5_000 + 3_000));

            StalledHttpStream.Response r = reader.readToEnd(WAIT);
            assertThat(r.complete()).as("cut off by %s", r.cutOffBy()).isTrue();
            List<String> lines = r.lines().stream().filter(l -> !l.isEmpty()).toList();
            JsonNode error = JSON.readTree(lines.getLast()).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(8);
            assertThat(error.get("details").get(0).get("reason").asText()).isEqualTo("SLOW_SUBSCRIBER");
            long seen = lines.size() - 1;
            assertThat(seen).isLessThan(64);
            assertThat(error.get("details")
                            .get(0)
                            .get("metadata")
                            .get("afterSequence")
                            .asText())
                    .isEqualTo(Long.toString(seen));
        }
        Await.until(WAIT, "the finished response to release its frames", () -> held() == 0, this::metrics);
    }
}
