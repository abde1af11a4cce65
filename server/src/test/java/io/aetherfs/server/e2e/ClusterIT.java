package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three scale-out nodes (separate processes of the packaged server) sharing one real PostgreSQL database
 * and one real S3 bucket: what one node acknowledges, the others serve at once; forks, bus messages and
 * optimistic concurrency hold across nodes.
 */
class ClusterIT {
    private static final String TENANT = "c1c2c3c4-0000-4000-8000-00000000c1a5";

    @TempDir
    static Path dir;

    private static ThreeNodeCluster cluster;
    private static ApiClient a;
    private static ApiClient b;
    private static ApiClient c;

    @BeforeAll
    static void start() throws Exception {
        cluster = ThreeNodeCluster.start(dir, "cluster");
        a = cluster.client(0, TENANT, "alice");
        b = cluster.client(1, TENANT, "bob");
        c = cluster.client(2, TENANT, "carol");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Returns the node's Prometheus metrics. */
    private static String metrics(ApiClient node) {
        return node.get("/metrics").text();
    }

    @Test
    void writesThroughA_areReadableThroughBAndCAtOnce() {
        String s = a.newSession("read-your-writes");
        for (int i = 0; i < 50; i++) {
            String text = "version " + i + " of the file";
            a.write(s, "docs/f.txt", text);
            a.write(s, "docs/new-" + i + ".txt", "new " + i);
            for (ApiClient other : List.of(b, c)) {
                assertThat(new String(other.read(s, "docs/f.txt"), StandardCharsets.UTF_8))
                        .isEqualTo(text);
                assertThat(new String(other.read(s, "docs/new-" + i + ".txt"), StandardCharsets.UTF_8))
                        .isEqualTo("new " + i);
            }
        }
        assertThat(b.fingerprint(s)).isEqualTo(a.fingerprint(s)).isEqualTo(c.fingerprint(s));
        assertThat(c.manifest(s)).hasSize(a.manifest(s).size());
    }

    @Test
    void forkMadeOnB_isUsableOnC() {
        String parent = a.newSession("parent");
        a.write(parent, "src/main.txt", "from the parent");
        String fork = ok(b.post("/v1/sessions/" + parent + "/fork", "{\"displayName\":\"fork\"}"))
                .json()
                .get("id")
                .asText();

        c.write(fork, "src/main.txt", "changed in the fork via C");
        c.write(fork, "src/added.txt", "added via C");

        assertThat(new String(a.read(fork, "src/main.txt"), StandardCharsets.UTF_8))
                .isEqualTo("changed in the fork via C");
        assertThat(new String(b.read(parent, "src/main.txt"), StandardCharsets.UTF_8))
                .isEqualTo("from the parent");
        ok(c.post("/v1/sessions/" + fork + "/commit", "{\"message\":\"work on C\"}"));
        JsonNode merged = ok(a.post("/v1/sessions/" + parent + ":merge", "{\"childSessionId\":\"" + fork + "\"}"))
                .json();
        assertThat(merged.path("result").asText()).isEqualTo("MERGE_RESULT_MERGED");
        assertThat(new String(b.read(parent, "src/added.txt"), StandardCharsets.UTF_8))
                .isEqualTo("added via C");
    }

    @Test
    void busMessagesPublishedOnA_reachSubscribersOnBAndCInOrder() throws Exception {
        String s = a.newSession("bus");
        int count = 100;
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<List<JsonNode>>> received = new ArrayList<>();
            List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
            for (ApiClient subscriber : List.of(b, c)) {
                HttpResponse<Stream<String>> r = subscriber.lines("/v1/sessions/" + s + "/bus?topics=tests:*");
                assertThat(r.statusCode()).isEqualTo(200);
                streams.add(r);
                received.add(readers.submit(() -> firstMessages(r.body().iterator(), count)));
            }
            for (ApiClient subscriber : List.of(b, c)) { // both subscriptions are live before the first publish
                Await.until(Duration.ofSeconds(30), "a bus subscriber on each of B and C", () -> metrics(subscriber)
                        .contains("afs_bus_subscribers 1.0"));
            }
            for (int i = 1; i <= count; i++) {
                String payload = Base64.getEncoder().encodeToString(("message " + i).getBytes(StandardCharsets.UTF_8));
                ok(a.post(
                        "/v1/sessions/" + s + "/bus:publish",
                        "{\"topic\":\"tests:unit\",\"payload\":\"" + payload + "\"}"));
            }
            for (Future<List<JsonNode>> f : received) {
                List<JsonNode> messages = f.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < count; i++) {
                    JsonNode m = messages.get(i);
                    assertThat(m.path("sequence").asLong()).isEqualTo(i + 1);
                    assertThat(new String(
                                    Base64.getDecoder().decode(m.path("payload").asText()), StandardCharsets.UTF_8))
                            .isEqualTo("message " + (i + 1));
                    assertThat(m.path("publisher").asText()).isEqualTo("alice");
                }
            }
            streams.forEach(r -> r.body().close());
        } finally {
            readers.shutdownNow();
        }
    }

    private static List<JsonNode> firstMessages(Iterator<String> lines, int count) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        while (out.size() < count && lines.hasNext()) {
            String line = lines.next();
            if (line.isBlank()) {
                continue; // keepalive
            }
            JsonNode item = JSON.readTree(line);
            assertThat(item.has("error")).as("stream error %s", line).isFalse();
            out.add(item.get("result"));
        }
        assertThat(out).hasSize(count);
        return out;
    }

    @Test
    void thirtyTwoClientsRacingExpectedHashWrites_getOneWinnerPerVersion() throws Exception {
        String s = a.newSession("race");
        a.write(s, "contended.txt", "version 0");
        List<ApiClient> nodes = List.of(a, b, c);
        int clients = 32;
        int rounds = Integer.getInteger("afs.race.rounds", 8); // a soak: -Dafs.race.rounds=200
        CyclicBarrier barrier = new CyclicBarrier(clients);
        Map<Integer, List<String>> winners = new ConcurrentHashMap<>();
        Map<Integer, Integer> conflicts = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < clients; n++) {
                ApiClient client = nodes.get(n % 3).withoutLog();
                int id = n;
                done.add(pool.submit(() -> {
                    for (int round = 1; round <= rounds; round++) {
                        String etag = ok(client.get("/v1/sessions/" + s + "/files?path=contended.txt"))
                                .response()
                                .headers()
                                .firstValue("etag")
                                .orElseThrow();
                        barrier.await(60, TimeUnit.SECONDS); // everyone holds the same version, then races
                        String hash = etag.replace("\"", "");
                        ApiClient.Reply r = client.put(
                                "/v1/sessions/" + s + "/files?path=contended.txt&expectedHash=" + hash,
                                ("round " + round + " by client " + id).getBytes(StandardCharsets.UTF_8));
                        int status = r.response().statusCode();
                        if (status == 200) {
                            winners.computeIfAbsent(round, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                    .add("round " + round + " by client " + id);
                        } else {
                            assertThat(status)
                                    .as("loser's answer: %s", r.text())
                                    .isEqualTo(409);
                            assertThat(r.text()).contains("STALE_EXPECTED_HASH");
                            conflicts.merge(round, 1, Integer::sum);
                        }
                        barrier.await(60, TimeUnit.SECONDS); // the round is over before anyone reads again
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            assertThat(winners.get(round)).as("winners of round %d", round).hasSize(1);
            assertThat(conflicts.get(round)).as("409s of round %d", round).isEqualTo(clients - 1);
        }
        String last = winners.get(rounds).getFirst();
        for (ApiClient node : nodes) {
            assertThat(new String(node.read(s, "contended.txt"), StandardCharsets.UTF_8))
                    .isEqualTo(last);
        }
        long writes = a.events(s).stream()
                .filter(e -> e.path("type").asText().equals("EVENT_TYPE_FILE_WRITTEN"))
                .filter(e -> e.path("path").asText().equals("contended.txt"))
                .count();
        assertThat(writes).isEqualTo(1 + rounds);
    }
}
