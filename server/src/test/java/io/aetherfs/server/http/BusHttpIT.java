package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.server.grpc.GrpcServices;
import io.aetherfs.service.Limits;
import io.aetherfs.service.bus.BusSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus over HTTP on a real socket (spec §8.11, §9.4): publish as a JSON route with a base64 payload,
 * and {@code GET S/bus} as Server-Sent Events and as NDJSON, read by a real HTTP client as they stream.
 */
class BusHttpIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration KEEPALIVE = Duration.ofMillis(300);

    private final ApiFixture f =
            new ApiFixture(Limits.DEFAULT, BusSettings.DEFAULT.withIntervals(Duration.ofMillis(50), KEEPALIVE), s -> {
                GrpcServices g = GrpcServices.create(s);
                return GrpcImpls.of(g);
            });

    @AfterEach
    void close() {
        f.close();
    }

    private HttpResponse<String> publish(SessionId id, String topic, String text) {
        String payload = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return f.post(
                "/v1/sessions/" + id + "/bus:publish",
                "{\"topic\":\"" + topic + "\",\"payload\":\"" + payload + "\",\"contentType\":\"text/plain\"}");
    }

    private LineStream subscribe(SessionId id, String query, String accept, String lastEventId) {
        HttpRequest.Builder r = f.request("/v1/sessions/" + id + "/bus" + query).GET();
        if (accept != null) {
            r.header("Accept", accept);
        }
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        return LineStream.open(f.client, r.build());
    }

    private static JsonNode json(String text) {
        try {
            return JsonBinder.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String text(JsonNode message) {
        return new String(Base64.getDecoder().decode(message.get("payload").asText()), StandardCharsets.UTF_8);
    }

    @Test
    void publish_takesABase64Payload_andAnswersTheBusMessage() {
        SessionId id = f.newSession();
        HttpResponse<String> r = publish(id, "tests:unit", "hello");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode m = json(r.body());
        assertThat(m.get("sessionId").asText()).isEqualTo(id.value());
        assertThat(m.get("sequence").asText()).isEqualTo("1"); // int64 as a JSON string
        assertThat(m.get("topic").asText()).isEqualTo("tests:unit");
        assertThat(text(m)).isEqualTo("hello");
        assertThat(m.get("contentType").asText()).isEqualTo("text/plain");
        assertThat(m.get("publisher").asText()).isEqualTo("alice");
        assertThat(m.get("publishedAt").asText()).endsWith("Z");
        assertThat(json(publish(id, "tests:unit", "again").body())
                        .get("sequence")
                        .asText())
                .isEqualTo("2");

        String big = Base64.getEncoder().encodeToString(new byte[256 * 1024 + 1]);
        HttpResponse<String> tooBig =
                f.post("/v1/sessions/" + id + "/bus:publish", "{\"topic\":\"t\",\"payload\":\"" + big + "\"}");
        assertThat(tooBig.statusCode()).isEqualTo(429);
        assertThat(tooBig.body()).contains("PAYLOAD_TOO_LARGE").contains("\"limit\":\"262144\"");
        assertThat(publish(id, "bad topic", "x").statusCode()).isEqualTo(400);
        assertThat(f.post("/v1/sessions/" + id + "/bus:publish", "{\"topic\":\"t\",\"tpoic\":\"t\"}")
                        .body())
                .contains("tpoic");
        assertThat(publish(SessionId.generate(f.engine.ids()), "t", "x").statusCode())
                .isEqualTo(404);
    }

    @Test
    void sse_replaysThenStreamsLive_withSequenceIds_andLastEventIdResumes() {
        SessionId id = f.newSession();
        publish(id, "t", "one");
        publish(id, "t", "two");
        publish(id, "t", "three");
        try (LineStream s = subscribe(id, "?replayLimit=2", "text/event-stream", null)) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("content-type")).startsWith("text/event-stream");
            Map<String, String> e2 = s.event(WAIT);
            assertThat(e2).containsEntry("event", "message").containsEntry("id", "2");
            assertThat(text(json(e2.get("data")))).isEqualTo("two");
            assertThat(s.event(WAIT)).containsEntry("id", "3");
            publish(id, "t", "four");
            Map<String, String> live = nextMessage(s);
            assertThat(live).containsEntry("id", "4");
            assertThat(text(json(live.get("data")))).isEqualTo("four");
        }
        publish(id, "t", "five");
        try (LineStream resumed = subscribe(id, "?afterSequence=1", "text/event-stream", "3")) {
            assertThat(nextMessage(resumed)).containsEntry("id", "4");
            assertThat(nextMessage(resumed)).containsEntry("id", "5");
        }
    }

    @Test
    void sse_otherSessionsMessagesOfATenantSubscription_carryNoId() {
        SessionId own = f.newSession();
        SessionId other = f.newSession();
        try (LineStream s = subscribe(own, "?scope=TENANT&topics=a&topics=b*", "text/event-stream", null)) {
            assertThat(s.status()).isEqualTo(200);
            awaitSubscribers(1);
            publish(other, "c", "filtered out");
            publish(other, "bb", "theirs");
            publish(own, "a", "mine");
            Map<String, String> theirs = nextMessage(s);
            assertThat(theirs).doesNotContainKey("id");
            assertThat(json(theirs.get("data")).get("sessionId").asText()).isEqualTo(other.value());
            assertThat(nextMessage(s)).containsEntry("id", "1");
        }
    }

    @Test
    void sse_sendsKeepaliveComments_andEndsWithAnErrorEventWhenArchived() {
        SessionId id = f.newSession();
        try (LineStream s = subscribe(id, "", "text/event-stream", null)) {
            assertThat(s.event(WAIT)).isEqualTo(Map.of("", "keepalive"));
            assertThat(s.event(WAIT)).isEqualTo(Map.of("", "keepalive")); // one per idle interval
            f.services.transitions().archive(f.alice, id);
            Map<String, String> end = nextEvent(s, "error");
            JsonNode status = json(end.get("data"));
            assertThat(status.get("code").asInt()).isEqualTo(9);
            assertThat(status.toString()).contains("SESSION_NOT_ACTIVE");
            assertThat(s.event(WAIT)).isEmpty(); // the server closed the stream
        }
    }

    @Test
    void ndjson_resultLines_emptyKeepaliveLines_andAFinalErrorLine() {
        SessionId id = f.newSession();
        publish(id, "t", "retained");
        try (LineStream s = subscribe(id, "?afterSequence=0", null, null)) {
            assertThat(s.header("content-type")).startsWith("application/x-ndjson");
            JsonNode first = json(s.line(WAIT));
            assertThat(text(first.get("result"))).isEqualTo("retained");
            assertThat(s.line(WAIT)).isEmpty(); // keepalive
            publish(id, "t", "live");
            assertThat(json(nextLine(s)).get("result").get("sequence").asText()).isEqualTo("2");
            f.services.sessions().delete(f.alice, id);
            List<String> rest = s.rest(WAIT).stream().filter(x -> !x.isEmpty()).toList();
            assertThat(rest).hasSize(1);
            assertThat(json(rest.getFirst()).get("error").get("code").asInt()).isEqualTo(5);
        }
    }

    @Test
    void serverShutdownOfTheBus_endsStreamsWithUnavailable() {
        SessionId id = f.newSession();
        try (LineStream s = subscribe(id, "", null, null)) {
            awaitSubscribers(1);
            f.services.bus().shutdown();
            List<String> rest = s.rest(WAIT).stream().filter(x -> !x.isEmpty()).toList();
            assertThat(json(rest.getLast()).get("error").get("code").asInt()).isEqualTo(14);
        }
    }

    @Test
    void disconnecting_leavesTheHub() {
        SessionId id = f.newSession();
        LineStream s = subscribe(id, "", "text/event-stream", null);
        awaitSubscribers(1);
        s.close();
        awaitSubscribers(0);
    }

    @Test
    void refusals_beforeTheStream_areOrdinaryJsonErrors() {
        SessionId id = f.newSession();
        assertThat(status(subscribe(SessionId.generate(f.engine.ids()), "", null, null)))
                .isEqualTo(404);
        assertThat(status(subscribe(id, "?topics=a*b", null, null))).isEqualTo(400);
        assertThat(status(subscribe(id, "?scope=BOGUS", null, null))).isEqualTo(400);
        assertThat(status(subscribe(id, "?replayLimit=-1", null, null))).isEqualTo(400);
        assertThat(status(subscribe(id, "?nope=1", null, null))).isEqualTo(400);
        assertThat(status(subscribe(id, "", "text/event-stream", "abc"))).isEqualTo(400);
        f.services.transitions().archive(f.alice, id);
        try (LineStream s = subscribe(id, "", "text/event-stream", null)) {
            assertThat(s.status()).isEqualTo(409);
            assertThat(s.header("content-type")).startsWith("application/json");
            assertThat(s.rest(WAIT).getFirst()).contains("SESSION_NOT_ACTIVE");
        }
    }

    private static int status(LineStream s) {
        try (s) {
            return s.status();
        }
    }

    /** Returns the next event named {@code name}, skipping keepalives. */
    private static Map<String, String> nextEvent(LineStream s, String name) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> e = s.event(WAIT);
            if (e.isEmpty() || name.equals(e.get("event"))) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " event within " + WAIT);
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

    private static Map<String, String> nextMessage(LineStream s) {
        return nextEvent(s, "message");
    }

    private void awaitSubscribers(int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (f.services.bus().subscriberCount() != n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(f.services.bus().subscriberCount()).isEqualTo(n);
    }
}
