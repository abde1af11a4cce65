package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.server.ServerBuilder;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.server.grpc.GrpcServices;
import io.aetherfs.service.Limits;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.bus.MessageBus;
import io.aetherfs.testkit.Await;
import io.netty.channel.ChannelOption;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The slow-subscriber bound of spec §8.11 over HTTP on a real socket, for NDJSON and Server-Sent Events:
 * a subscriber whose reader pauses (a raw socket with a small receive buffer that reads nothing) while
 * 1,500 messages are published. The server ends its stream with RESOURCE_EXHAUSTED {@code SLOW_SUBSCRIBER}
 * as soon as more than the bound waits for it, holding no more than the bound until then and only the
 * frames already in the response after; when the client resumes it reads those messages and the final
 * error item, never a reset; and subscribing again from the last sequence it saw (query or
 * {@code Last-Event-ID}) replays every retained message it missed.
 */
class BusSlowSubscriberHttpIT {
    private static final int PUBLISHED = 1500;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * The kernel buffers on both ends, kept small so that what the reader has not read waits in the server
     * (where the bound applies) rather than in socket buffers (which the server cannot see).
     */
    private static final int SERVER_SEND_BUFFER = 64 * 1024;

    private static final int CLIENT_RECEIVE_BUFFER = 4 * 1024;

    /** A framing and a message size, with the bound the paused reader meets first. */
    enum Case {
        NDJSON_MESSAGE_BOUND(null, 16 * 1024, BusSettings.DEFAULT.withLag(1000, 64L << 20)),
        SSE_MESSAGE_BOUND("text/event-stream", 16 * 1024, BusSettings.DEFAULT.withLag(1000, 64L << 20)),
        NDJSON_BYTE_BOUND(null, 256 * 1024, BusSettings.DEFAULT),
        SSE_BYTE_BOUND("text/event-stream", 256 * 1024, BusSettings.DEFAULT);

        final String accept;
        final int payload;
        final BusSettings bus;

        Case(String accept, int payload, BusSettings bus) {
            this.accept = accept;
            this.payload = payload;
            this.bus = bus.withIntervals(Duration.ofMillis(50), Duration.ofSeconds(15));
        }

        boolean sse() {
            return accept != null;
        }

        /** The largest frame of one message: base64 takes 4/3 of the payload, plus the JSON around it. */
        long maxFrame() {
            return payload * 4L / 3 + 1024;
        }
    }

    private static ApiFixture fixture(BusSettings bus) {
        return new ApiFixture(
                Limits.DEFAULT,
                bus,
                s -> {
                    GrpcServices g = GrpcServices.create(s);
                    return GrpcImpls.of(g);
                },
                (ServerBuilder sb) -> sb.childChannelOption(ChannelOption.SO_SNDBUF, SERVER_SEND_BUFFER));
    }

    private static StalledHttpStream pausedReader(ApiFixture f, SessionId id, Case c) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", ApiFixture.ALICE);
        if (c.sse()) {
            headers.put("Accept", c.accept);
        }
        return StalledHttpStream.open(
                f.server.activeLocalPort(), "/v1/sessions/" + id + "/bus", headers, CLIENT_RECEIVE_BUFFER);
    }

    @ParameterizedTest
    @EnumSource
    void pausedReader_isEndedPastTheBound_holdingNoMore_andGetsTheFinalErrorItemWhenItResumes(Case c) throws Exception {
        try (ApiFixture f = fixture(c.bus)) {
            MessageBus bus = f.services.bus();
            SessionId id = f.newSession();
            long lastSeen;
            try (StalledHttpStream reader = pausedReader(f, id, c)) {
                Await.until(WAIT, "the subscription", () -> bus.subscriberCount() == 1);
                publishAll(f, id, c.payload);
                Await.until(
                        WAIT,
                        "the server to end the paused subscriber as slow",
                        () -> bus.slowSubscriberCount() == 1 && bus.subscriberCount() == 0,
                        bus::heldBytes);
                // it never held more than its bound (the most ever held at once on the node, counted at
                // every change), and at the end its queue is gone
                // (only the frames already in the response are still held)
                assertThat(bus.peakHeldBytes()).isLessThanOrEqualTo(c.bus.maxLagBytes());
                assertThat(bus.heldBytes()).isLessThanOrEqualTo(2 * c.maxFrame());

                StalledHttpStream.Response r = reader.readToEnd(WAIT);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.complete()).as("cut off by %s", r.cutOffBy()).isTrue();
                Items items = c.sse() ? Items.ofSse(r.lines()) : Items.ofNdjson(r.lines());
                lastSeen = items.sequences.size();
                assertThat(items.sequences).isEqualTo(range(1, lastSeen));
                assertThat(lastSeen).isBetween(1L, (long) c.bus.maxLagMessages());
                assertThat(lastSeen * c.payload).isLessThanOrEqualTo(c.bus.maxLagBytes());
                assertSlowSubscriberError(items.error, lastSeen);
            }
            Await.until(WAIT, "the finished response to release its frames", () -> bus.heldBytes() == 0);

            try (LineStream resumed = resume(f, id, c, lastSeen)) {
                long firstRetained = PUBLISHED - c.bus.retentionMessages() + 1;
                List<Long> expected = range(Math.max(lastSeen + 1, firstRetained), PUBLISHED);
                assertThat(readSequences(resumed, c, expected.size())).isEqualTo(expected);
            }
        }
    }

    @Test
    void thirtyTwoPausedReaders_holdAtMostTheirBoundsTogether_andEachGetsTheFinalErrorItem() throws Exception {
        Case c = Case.NDJSON_BYTE_BOUND;
        int readers = 32;
        try (ApiFixture f = fixture(c.bus)) {
            MessageBus bus = f.services.bus();
            SessionId id = f.newSession();
            List<StalledHttpStream> paused = new ArrayList<>();
            try {
                for (int i = 0; i < readers; i++) {
                    paused.add(pausedReader(f, id, c));
                }
                Await.until(WAIT, "every subscription", () -> bus.subscriberCount() == readers);
                for (int i = 0; i < PUBLISHED && bus.slowSubscriberCount() < readers; i++) {
                    bus.publish(f.alice, id, "t", new byte[c.payload], null);
                }
                Await.until(
                        WAIT,
                        "every paused reader to be ended as slow",
                        () -> bus.slowSubscriberCount() == readers && bus.subscriberCount() == 0,
                        bus::slowSubscriberCount);
                assertThat(bus.peakHeldBytes()).isLessThanOrEqualTo(readers * c.bus.maxLagBytes());
                assertThat(bus.heldBytes()).isLessThanOrEqualTo(readers * 2 * c.maxFrame());

                for (StalledHttpStream reader : paused) {
                    StalledHttpStream.Response r = reader.readToEnd(WAIT);
                    assertThat(r.complete()).as("cut off by %s", r.cutOffBy()).isTrue();
                    Items items = Items.ofNdjson(r.lines());
                    assertThat(items.sequences).isEqualTo(range(1, items.sequences.size()));
                    assertSlowSubscriberError(items.error, items.sequences.size());
                }
            } finally {
                for (StalledHttpStream reader : paused) {
                    reader.close();
                }
            }
            Await.until(WAIT, "the finished responses to release their frames", () -> bus.heldBytes() == 0);
        }
    }

    /**
     * Publishes {@link #PUBLISHED} messages. The first one goes alone, and the rest only once its frame is
     * in the response (held bytes count a message in the transport by its base64 frame, 4/3 of its
     * payload), so the reader really is stalled by its connection rather than overtaken before the server
     * wrote anything.
     */
    private static void publishAll(ApiFixture f, SessionId id, int payload) {
        MessageBus bus = f.services.bus();
        bus.publish(f.alice, id, "t", new byte[payload], null);
        Await.until(WAIT, "the first message in the response", () -> bus.heldBytes() >= payload * 4L / 3);
        for (int i = 2; i <= PUBLISHED; i++) {
            bus.publish(f.alice, id, "t", new byte[payload], null);
        }
    }

    private static void assertSlowSubscriberError(JsonNode status, long lastSeen) {
        assertThat(status).as("the final error item").isNotNull();
        assertThat(status.get("code").asInt()).isEqualTo(8); // RESOURCE_EXHAUSTED
        JsonNode info = status.get("details").get(0);
        assertThat(info.get("reason").asText()).isEqualTo("SLOW_SUBSCRIBER");
        assertThat(info.get("metadata").get("afterSequence").asText()).isEqualTo(Long.toString(lastSeen));
        assertThat(status.get("message").asText()).contains("afterSequence=" + lastSeen);
    }

    /** Subscribes again from {@code lastSeen}: {@code Last-Event-ID} for SSE, {@code afterSequence} for NDJSON. */
    private static LineStream resume(ApiFixture f, SessionId id, Case c, long lastSeen) {
        String path = "/v1/sessions/" + id + "/bus" + (c.sse() ? "" : "?afterSequence=" + lastSeen);
        HttpRequest.Builder r = f.request(path).timeout(WAIT).GET();
        if (c.sse()) {
            r.header("Accept", c.accept).header("Last-Event-ID", Long.toString(lastSeen));
        }
        return LineStream.open(f.client, r.build());
    }

    private static List<Long> readSequences(LineStream s, Case c, int n) {
        List<Long> out = new ArrayList<>();
        while (out.size() < n) {
            if (c.sse()) {
                Map<String, String> e = s.event(WAIT);
                assertThat(e).as("the stream ended early").isNotEmpty();
                if ("message".equals(e.get("event"))) {
                    out.add(Long.parseLong(e.get("id")));
                }
            } else {
                String line = s.line(WAIT);
                assertThat(line).as("the stream ended early").isNotEqualTo(LineStream.END);
                if (!line.isEmpty()) {
                    out.add(json(line).get("result").get("sequence").asLong());
                }
            }
        }
        return out;
    }

    /** The items of a finished stream: the own-session sequences of its messages, and its final error. */
    private record Items(List<Long> sequences, JsonNode error) {
        static Items ofNdjson(List<String> lines) {
            List<Long> sequences = new ArrayList<>();
            JsonNode error = null;
            for (String l : lines) {
                if (l.isEmpty()) {
                    continue; // keepalive
                }
                assertThat(error).as("nothing follows the error item").isNull();
                JsonNode item = json(l);
                if (item.has("result")) {
                    sequences.add(item.get("result").get("sequence").asLong());
                } else {
                    error = item.get("error");
                }
            }
            return new Items(sequences, error);
        }

        static Items ofSse(List<String> lines) {
            List<Long> sequences = new ArrayList<>();
            JsonNode error = null;
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> all = new ArrayList<>(lines);
            all.add(""); // the last event's terminating blank line, if the body ended without one
            for (String l : all) {
                if (!l.isEmpty()) {
                    int colon = l.indexOf(':');
                    fields.merge(l.substring(0, colon), l.substring(colon + 1).stripLeading(), (a, b) -> a + "\n" + b);
                    continue;
                }
                if (fields.containsKey("event")) {
                    assertThat(error).as("nothing follows the error event").isNull();
                    if (fields.get("event").equals("message")) {
                        sequences.add(Long.parseLong(fields.get("id")));
                    } else {
                        assertThat(fields.get("event")).isEqualTo("error");
                        error = json(fields.get("data"));
                    }
                }
                fields.clear(); // an event, or a keepalive comment (field "")
            }
            return new Items(sequences, error);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JsonBinder.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text.substring(0, Math.min(200, text.length())), e);
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
