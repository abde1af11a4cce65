package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.aetherfs.testkit.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The JSON routes over a real socket, bound to fake gRPC implementations that echo or fail. */
class JsonRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiFixture api = new ApiFixture();

    @AfterAll
    static void close() {
        api.awaitRequestsCounted();
        assertThat(api.registry.find("afs.http.requests").counters())
                .isNotEmpty()
                .noneMatch(c -> c.getId().getTag("code").startsWith("5")
                        && !c.getId().getTag("code").equals("501"));
        api.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static void assertStatus(HttpResponse<String> r, int http, int code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(http);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(r).path("code").asInt()).isEqualTo(code);
    }

    @Test
    void create_echoesProto3JsonWithInt64AsStringAndFullEnumNames() {
        HttpResponse<String> r =
                api.post("/v1/sessions", "{\"displayName\": \"x\", \"ttlSeconds\": 3600, \"visibility\": \"PRIVATE\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = json(r);
        assertThat(s.get("ttlSeconds").isTextual()).isTrue();
        assertThat(s.get("ttlSeconds").asText()).isEqualTo("3600");
        assertThat(s.get("visibility").asText()).isEqualTo("SESSION_VISIBILITY_PRIVATE");
        assertThat(s.get("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");
        assertThat(s.get("owner").asText()).isEqualTo("alice");
        assertThat(s.has("description")).isFalse();
    }

    @Test
    void create_unknownField_is400NamingIt() {
        HttpResponse<String> r = api.post("/v1/sessions", "{\"dispayName\": \"x\"}");
        assertStatus(r, 400, 3);
        assertThat(json(r).get("message").asText()).contains("unknown field \"dispayName\"");
    }

    @Test
    void create_malformedJson_is400() {
        HttpResponse<String> r = api.post("/v1/sessions", "{\"displayName\": ");
        assertStatus(r, 400, 3);
        assertThat(json(r).get("message").asText()).startsWith("request body is not valid JSON");
    }

    @Test
    void implementationError_keepsStatusAndErrorInfo() {
        HttpResponse<String> r = api.post("/v1/sessions", "{\"displayName\": \"fail\"}");
        assertStatus(r, 409, 9);
        JsonNode d = json(r).get("details").get(0);
        assertThat(d.get("@type").asText()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
        assertThat(d.get("reason").asText()).isEqualTo("SESSION_NOT_ACTIVE");
        assertThat(d.get("domain").asText()).isEqualTo("aetherfs.io");
        assertThat(d.get("metadata").get("status").asText()).isEqualTo("SESSION_STATUS_PENDING_REVIEW");
        assertStatus(api.post("/v1/sessions", "{\"displayName\": \"throw\"}"), 400, 3);
    }

    @Test
    void unimplementedRpc_is501() {
        assertStatus(api.post("/v1/sessions/sess_a/commit", "{}"), 501, 12);
    }

    @Test
    void list_repeatedPrefixLessEnumsInQuery() {
        HttpResponse<String> r = api.get("/v1/sessions?status=ACTIVE&status=6&pageSize=7&pageToken=p&tag=k:v");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = json(r);
        assertThat(s.get("sessions").findValuesAsText("status"))
                .containsExactly("SESSION_STATUS_ACTIVE", "SESSION_STATUS_CONFLICT");
        assertThat(s.get("nextPageToken").asText()).isEqualTo("p/7/k:v");
    }

    @Test
    void events_int64AndTimestampQueryParamsRoundTrip() {
        HttpResponse<String> r = api.get("/v1/sessions/sess_a/events?types=FILE_WRITTEN&afterSequence=9007199254740993"
                + "&startTime=2026-03-11T05:55:21Z");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode e = json(r).get("events").get(0);
        assertThat(e.get("sequence").asText()).isEqualTo("9007199254740993");
        assertThat(e.get("occurredAt").asText()).isEqualTo("2026-03-11T05:55:21Z");
        assertThat(e.get("type").asText()).isEqualTo("EVENT_TYPE_FILE_WRITTEN");
        assertThat(e.get("sessionId").asText()).isEqualTo("sess_a");
    }

    @Test
    void patch_fillsUpdateMaskAndDeleteReturnsEmptyObject() {
        HttpResponse<String> r = api.send(api.request("/v1/sessions/sess_a")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"displayName\":\"n\",\"labels\":{}}"))
                .build());
        assertThat(json(r).get("description").asText()).isEqualTo("display_name,labels");
        HttpResponse<String> d =
                api.send(api.request("/v1/sessions/sess_a").DELETE().build());
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(d.body()).isEqualTo("{}");
    }

    @Test
    void unknownRoute_is404AndWrongMethod_is405() {
        assertStatus(api.get("/v1/sessions/sess_a/nothing"), 404, 5);
        HttpResponse<String> r = api.send(api.request("/v1/sessions")
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());
        assertStatus(r, 405, 12);
        assertThat(r.headers().firstValue("allow")).hasValue("POST, GET");
    }

    @Test
    void missingToken_is401BeforeAnythingElse() {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/v1/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build());
        assertStatus(r, 401, 16);
        assertStatus(api.send(HttpRequest.newBuilder(api.uri("/v1/nothing")).build()), 401, 16);
    }

    @Test
    void requestId_isEchoedOrGenerated() {
        HttpResponse<String> echoed = api.send(api.request("/v1/sessions/sess_a")
                .header("x-request-id", "req-123")
                .build());
        assertThat(echoed.headers().firstValue("x-request-id")).hasValue("req-123");
        HttpResponse<String> generated = api.get("/v1/sessions/sess_a/nothing");
        assertThat(generated.headers().firstValue("x-request-id"))
                .hasValueSatisfying(v -> assertThat(v).hasSize(26));
    }

    @Test
    void accessLog_oneLinePerRequestWithMdcAndNoToken() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.aetherfs.server.http.access");
        Level before = logger.getLevel(); // other tests reconfigure logback in this JVM; pin INFO for this one
        logger.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> lines = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent e) {
                // an event reads the MDC lazily, from whichever thread asks first: take it on the logging
                // thread, as an async or JSON appender would, not later on the test thread
                e.prepareForDeferredProcessing();
                super.append(e);
            }
        };
        lines.start();
        logger.addAppender(lines);
        try {
            api.send(api.request("/v1/sessions/sess_logged")
                    .header("x-request-id", "log-1")
                    .header("x-aetherfs-client-name", "cli")
                    .header("x-aetherfs-client-version", "9")
                    .build());
            Await.until(Duration.ofSeconds(10), "the access line of log-1", () -> logged(lines).stream()
                    .anyMatch(this::isLog1));
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(before);
        }
        ILoggingEvent e =
                logged(lines).stream().filter(this::isLog1).findFirst().orElseThrow();
        assertThat(e.getLevel()).isEqualTo(Level.INFO);
        assertThat(e.getMDCPropertyMap())
                .containsEntry("tenant", ApiFixture.TENANT.value())
                .containsEntry("principal", "alice")
                .containsEntry("clientName", "cli")
                .containsEntry("clientVersion", "9")
                .containsEntry("route", "/v1/sessions/{sessionId}")
                .containsEntry("code", "200");
        assertThat(e.getFormattedMessage()).doesNotContain("sess_logged").doesNotContain(ApiFixture.ALICE);
    }

    /** Returns a copy of what the appender captured, read under its lock (server threads append to it). */
    private static java.util.List<ILoggingEvent> logged(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return java.util.List.copyOf(appender.list);
        }
    }

    private boolean isLog1(ILoggingEvent e) {
        return "log-1".equals(e.getMDCPropertyMap().get("requestId"));
    }

    @Test
    void idempotentPost_replaysTheStoredResponse_andRejectsAnotherBody() {
        HttpRequest.Builder first = api.request("/v1/sessions").header("Idempotency-Key", "k-1");
        String body = "{\"displayName\": \"idem\"}";
        HttpResponse<String> a =
                api.send(first.POST(HttpRequest.BodyPublishers.ofString(body)).build());
        int created = FakeImpls.Sessions.CREATED.get();
        HttpResponse<String> b = api.send(api.request("/v1/sessions")
                .header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(b.body()).isEqualTo(a.body());
        assertThat(FakeImpls.Sessions.CREATED.get()).isEqualTo(created);
        HttpResponse<String> c = api.send(api.request("/v1/sessions")
                .header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\": \"other\"}"))
                .build());
        assertStatus(c, 400, 3);
        assertStatus(
                api.send(api.request("/v1/sessions")
                        .header("Idempotency-Key", "x".repeat(129))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build()),
                400,
                3);
    }

    @Test
    void idempotentPost_concurrentDuplicateInFlight_is409Aborted() throws Exception {
        FakeImpls.Sessions.release = new CountDownLatch(1);
        FakeImpls.Sessions.entered = new CountDownLatch(1);
        HttpRequest req = api.request("/v1/sessions")
                .header("Idempotency-Key", "k-block")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\": \"block\"}"))
                .build();
        CompletableFuture<HttpResponse<String>> first = api.client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        FakeImpls.Sessions.entered.await();
        HttpResponse<String> dup = api.send(req);
        FakeImpls.Sessions.release.countDown();
        assertStatus(dup, 409, 10);
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(api.send(req).body()).isEqualTo(first.get().body());
    }

    @Test
    void jsonBodyOverTheLimit_is429PayloadTooLarge() {
        byte[] big = new byte[(64 << 20) + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        AggregatedHttpResponse r = WebClient.of(api.uri("/").toString())
                .execute(
                        RequestHeaders.builder(HttpMethod.POST, "/v1/sessions")
                                .contentType(MediaType.JSON)
                                .add("authorization", ApiFixture.ALICE)
                                .build(),
                        HttpData.wrap(big))
                .aggregate()
                .join();
        assertThat(r.status().code()).isEqualTo(429);
        assertThat(r.contentUtf8()).contains("PAYLOAD_TOO_LARGE").contains("\"code\":8");
    }

    @Test
    void metrics_countByRouteTemplateMethodAndCode() {
        api.get("/v1/sessions/sess_metrics");
        api.awaitRequestsCounted();
        assertThat(api.registry
                        .get("afs.http.requests")
                        .tags("route", "/v1/sessions/{sessionId}", "method", "GET", "code", "200")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(api.registry.find("afs.http.requests").counters().stream()
                        .map(c -> c.getId().getTag("route"))
                        .toList())
                .noneMatch(route -> route.contains("sess_metrics"));
        List<String> codes = new ArrayList<>();
        api.registry
                .find("afs.request.duration")
                .timers()
                .forEach(t -> codes.add(t.getId().getTag("code")));
        assertThat(codes).contains("200").doesNotContain("500");
    }
}
