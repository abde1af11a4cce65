package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's knowledge-cache race: 32 concurrent compare-and-set writers on one key, spread over three
 * scale-out nodes sharing one PostgreSQL database (and S3 bucket). Each writer reads the version, then
 * writes with it as {@code expectedVersion}, several times. Compare-and-set must hold across nodes: every
 * version is won exactly once, the final version is the number of wins, and every loser got 409 ABORTED
 * CACHE_VERSION_MISMATCH (never a 5xx, never another error).
 */
class KnowledgeCacheRaceIT {
    private static final String TENANT = "8f3a4b5c-6d7e-4f80-91a2-b3c4d5e6f708";
    private static final int WRITERS = 32;
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    /** One compare-and-set answer: the writer's name, the version it expected, the reply. */
    private record Attempt(String writer, long expected, ApiClient.Reply reply) {}

    @Test
    void thirtyTwoCasWriters_throughThreeNodes_winEachVersionOnce_andLosersAreAborted() throws Exception {
        ScaleOutStores stores = ScaleOutStores.create("cacherace");
        List<InProcessServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(InProcessServer.startScaleOut(dir.resolve("node-" + i), stores));
            }
            String session = nodes.get(0).client(TENANT, "setup").newSession("race");
            String key = "/v1/sessions/" + session + "/cache/shared%2Fcounter";
            ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WRITERS; w++) {
                    String name = "writer-" + w;
                    ApiClient api = nodes.get(w % 3).client(TENANT, name).withoutLog();
                    running.add(pool.submit(() -> {
                        start.await();
                        for (int round = 0; round < ROUNDS; round++) {
                            ApiClient.Reply meta = api.get(key + "/metadata");
                            long version = meta.status() == 404
                                    ? 0
                                    : ok(meta).json().path("version").asLong();
                            String value = Base64.getEncoder()
                                    .encodeToString((name + "/" + round).getBytes(StandardCharsets.UTF_8));
                            String body = JSON.createObjectNode()
                                    .put("expectedVersion", Long.toString(version))
                                    .put("value", value)
                                    .toString();
                            attempts.add(new Attempt(name, version, api.post(key + "/compare-and-set", body)));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : running) {
                    f.get();
                }
            }
            List<Long> won = new ArrayList<>();
            int lost = 0;
            for (Attempt a : attempts) {
                if (a.reply().status() == 200) {
                    JsonNode m = a.reply().json();
                    assertThat(m.path("version").asLong()).as("%s", a).isEqualTo(a.expected() + 1);
                    won.add(m.path("version").asLong());
                } else {
                    JsonNode meta = assertError(a.reply(), 409, 10, "CACHE_VERSION_MISMATCH");
                    assertThat(meta.path("currentVersion").asLong()).as("%s", a).isNotEqualTo(a.expected());
                    lost++;
                }
            }
            assertThat(attempts).hasSize(WRITERS * ROUNDS);
            assertThat(won).doesNotHaveDuplicates();
            assertThat(won).hasSize(WRITERS * ROUNDS - lost);
            JsonNode last = ok(nodes.get(1).client(TENANT, "check").get(key)).json();
            assertThat(last.path("version").asLong()).isEqualTo(won.size());
            assertThat(won)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, won.size())
                            .boxed()
                            .toList());
            assertThat(lost).as("32 writers on one key must collide").isPositive();
        } finally {
            nodes.forEach(InProcessServer::close);
        }
    }
}
