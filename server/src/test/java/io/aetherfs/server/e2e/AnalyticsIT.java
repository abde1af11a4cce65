package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ScopedServer.assertGrpcError;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.aetherfs.proto.v1.AnalyticsServiceGrpc;
import io.aetherfs.proto.v1.GetSessionAnalyticsRequest;
import io.aetherfs.proto.v1.SessionAnalytics;
import io.aetherfs.service.auth.Scope;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AnalyticsService over real HTTP and gRPC sockets: a session's writes, checkpoints and tool calls. */
class AnalyticsIT {
    @TempDir
    static Path dir;

    private static ScopedServer server;
    private final String tenant = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        server = ScopedServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Returns a session with two writes, a checkpoint and two tool calls (one failed). */
    private String busySession(ApiClient alice) {
        String id = alice.newSession("busy");
        alice.write(id, "a.txt", "hello");
        alice.write(id, "b.txt", "hello world");
        ApiClient.ok(alice.post("/v1/sessions/" + id + "/checkpoints", "{\"name\":\"c1\"}"));
        ApiClient.ok(
                alice.post("/v1/sessions/" + id + "/toolCalls", "{\"toolName\":\"grep\",\"status\":\"SUCCEEDED\"}"));
        ApiClient.ok(alice.post("/v1/sessions/" + id + "/toolCalls", "{\"toolName\":\"grep\",\"status\":\"FAILED\"}"));
        return id;
    }

    @Test
    void http_analytics_countTheSessionsWork() {
        ApiClient alice = server.http(tenant, "alice", ScopedServer.USER);
        String id = busySession(alice);

        JsonNode a =
                ApiClient.ok(alice.get("/v1/sessions/" + id + "/analytics")).json();
        assertThat(a.path("sessionId").asText()).isEqualTo(id);
        assertThat(a.path("fileWrites").asText()).isEqualTo("2");
        assertThat(a.path("bytesWritten").asText()).isEqualTo("16");
        assertThat(a.path("checkpointCount").asText()).isEqualTo("1");
        assertThat(a.path("toolCallCount").asText()).isEqualTo("2");
        assertThat(a.path("toolCallFailures").asText()).isEqualTo("1");
        assertThat(a.path("toolCallsByName").path("grep").asText()).isEqualTo("2");
        assertThat(a.path("timeToFirstWriteSeconds").isNumber()).isTrue();
        assertThat(a.path("lastActivityAt").asText()).isNotEmpty();
        assertThat(a.has("windowStart") && a.has("windowEnd")).isTrue();

        JsonNode past = ApiClient.ok(alice.get("/v1/sessions/" + id
                        + "/analytics?startTime=2020-01-01T00:00:00Z&endTime=2020-01-02T00:00:00Z"))
                .json();
        assertThat(past.path("fileWrites").asText("0")).isEqualTo("0");
        assertThat(past.has("timeToFirstWriteSeconds")).isFalse();
        assertThat(past.has("lastActivityAt")).isFalse();

        assertError(
                alice.get("/v1/sessions/" + id
                        + "/analytics?startTime=2020-01-02T00:00:00Z&endTime=2020-01-01T00:00:00Z"),
                400,
                3,
                null);
        assertError(alice.get("/v1/sessions/" + id + "/analytics?startTime=yesterday"), 400, 3, null);
        assertError(alice.get("/v1/sessions/sess_01hzzzzzzzzzzzzzzzzzzzzzzz/analytics"), 404, 5, null);
        assertError(
                server.http(UUID.randomUUID().toString(), "mallory", ScopedServer.USER)
                        .get("/v1/sessions/" + id + "/analytics"),
                404,
                5,
                null);
        assertError(
                server.http(tenant, "fs", EnumSet.of(Scope.FILESYSTEM_READ)).get("/v1/sessions/" + id + "/analytics"),
                403,
                7,
                null);
    }

    @Test
    void grpc_analytics_countTheSessionsWork() {
        ApiClient alice = server.http(tenant, "alice", ScopedServer.USER);
        String id = busySession(alice);
        var analytics =
                server.grpc(AnalyticsServiceGrpc::newBlockingStub, tenant, "reader", EnumSet.of(Scope.SESSION_READ));

        SessionAnalytics a = analytics.getSessionAnalytics(
                GetSessionAnalyticsRequest.newBuilder().setSessionId(id).build());
        assertThat(a.getFileWrites()).isEqualTo(2);
        assertThat(a.getToolCallsByNameMap()).containsEntry("grep", 2L);
        assertThat(a.hasTimeToFirstWriteSeconds()).isTrue();
        assertThat(a.getActiveSeconds()).isGreaterThanOrEqualTo(0);

        SessionAnalytics empty = analytics.getSessionAnalytics(GetSessionAnalyticsRequest.newBuilder()
                .setSessionId(id)
                .setStartTime(Timestamp.newBuilder().setSeconds(0))
                .setEndTime(Timestamp.newBuilder().setSeconds(60))
                .build());
        assertThat(empty.getFileWrites()).isZero();
        assertThat(empty.hasTimeToFirstWriteSeconds()).isFalse();

        assertGrpcError(
                () -> analytics.getSessionAnalytics(GetSessionAnalyticsRequest.newBuilder()
                        .setSessionId(id)
                        .setStartTime(Timestamp.newBuilder().setSeconds(60))
                        .setEndTime(Timestamp.newBuilder().setSeconds(60))
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                null);
        var fsOnly =
                server.grpc(AnalyticsServiceGrpc::newBlockingStub, tenant, "fs", EnumSet.of(Scope.FILESYSTEM_READ));
        assertGrpcError(
                () -> fsOnly.getSessionAnalytics(
                        GetSessionAnalyticsRequest.newBuilder().setSessionId(id).build()),
                Status.Code.PERMISSION_DENIED,
                null);
        var mallory = server.grpc(
                AnalyticsServiceGrpc::newBlockingStub, UUID.randomUUID().toString(), "m", ScopedServer.USER);
        assertGrpcError(
                () -> mallory.getSessionAnalytics(
                        GetSessionAnalyticsRequest.newBuilder().setSessionId(id).build()),
                Status.Code.NOT_FOUND,
                null);
    }
}
