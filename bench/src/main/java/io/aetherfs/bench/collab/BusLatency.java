package io.aetherfs.bench.collab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 11's bus benchmark: publish-to-delivery latency at a fixed publish rate with several NDJSON
 * subscribers on one session, over HTTP against one server. Each payload carries the publisher's
 * {@code System.nanoTime()} just before its POST, and the subscribers run in the same JVM, so a delivery's
 * latency is its arrival time minus that (no clock skew). The baseline of the same run is the HTTP round
 * trip of a trivial read ({@code GET /v1/sessions/{id}}) at the same rate.
 */
final class BusLatency {
    private BusLatency() {}

    /** What a run measured: latency percentiles over the measured window, and what went missing. */
    record Result(
            String op,
            int perSecond,
            int subscribers,
            int measured,
            double p50Ms,
            double p99Ms,
            long received,
            long expected,
            double achievedPerSecond,
            double maxLagMs,
            long failures) {}

    static Result publishToDelivery(Http http, int perSecond, int subscribers, int warmupSeconds, int seconds)
            throws Exception {
        String session = http.newSession("bus-bench");
        int warm = perSecond * warmupSeconds;
        int total = warm + perSecond * seconds;
        Samples latency = new Samples();
        AtomicLong received = new AtomicLong();
        List<InputStream> streams = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            InputStream in = http.stream("/v1/sessions/" + session + "/bus?topics=bench", "application/x-ndjson");
            streams.add(in);
            readers.add(Thread.ofVirtual().start(() -> read(in, warm, latency, received)));
        }
        Thread.sleep(500); // every subscription joined before the first publish
        AtomicLong failures = new AtomicLong();
        String path = "/v1/sessions/" + session + "/bus:publish";
        OpenLoop.Pace pace = OpenLoop.run(perSecond, total, i -> {
            long sent = System.nanoTime();
            byte[] payload = ByteBuffer.allocate(12).putLong(sent).putInt(i).array();
            String body =
                    "{\"topic\":\"bench\",\"payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\"}";
            if (http.send("POST", path, body.getBytes(StandardCharsets.UTF_8), "application/json") != 200) {
                failures.incrementAndGet();
            }
        });
        long expected = (long) (total - warm) * subscribers;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (InputStream in : streams) {
            in.close();
        }
        for (Thread t : readers) {
            t.join(5000);
        }
        return new Result(
                "bus publish-to-delivery",
                perSecond,
                subscribers,
                latency.size(),
                latency.millis(0.50),
                latency.millis(0.99),
                received.get(),
                expected,
                pace.perSecond(),
                pace.maxLagMs(),
                failures.get());
    }

    /** The same-run baseline: round trips of {@code GET /v1/sessions/{id}} at the same rate. */
    static Result trivialRead(Http http, int perSecond, int warmupSeconds, int seconds) throws Exception {
        String session = http.newSession("read-baseline");
        int warm = perSecond * warmupSeconds;
        int total = warm + perSecond * seconds;
        Samples latency = new Samples();
        AtomicLong failures = new AtomicLong();
        OpenLoop.Pace pace = OpenLoop.run(perSecond, total, i -> {
            long begin = System.nanoTime();
            int status = http.send("GET", "/v1/sessions/" + session, null, null);
            if (i >= warm) {
                latency.add(System.nanoTime() - begin);
            }
            if (status != 200) {
                failures.incrementAndGet();
            }
        });
        return new Result(
                "GET S round trip (baseline)",
                perSecond,
                0,
                latency.size(),
                latency.millis(0.50),
                latency.millis(0.99),
                latency.size(),
                total - warm,
                pace.perSecond(),
                pace.maxLagMs(),
                failures.get());
    }

    private static void read(InputStream in, int warm, Samples latency, AtomicLong received) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long now = System.nanoTime();
                if (line.isBlank()) {
                    continue; // keepalive
                }
                JsonNode n = Http.JSON.readTree(line);
                if (!n.has("result")) {
                    return; // the stream's final error item
                }
                ByteBuffer p = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(n.get("result").get("payload").asText()));
                long sent = p.getLong();
                if (p.getInt() >= warm) {
                    latency.add(now - sent);
                    received.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // closed by the benchmark at the end of the run
        }
    }
}
