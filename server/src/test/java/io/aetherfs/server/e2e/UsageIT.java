package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ScopedServer.assertGrpcError;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.GetUsageRequest;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.proto.v1.UsageReport;
import io.aetherfs.proto.v1.UsageServiceGrpc;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.testkit.Await;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GetUsage over real HTTP and gRPC sockets: sessions, storage and traffic metered on both transports. */
class UsageIT {
    @TempDir
    static Path dir;

    private static ScopedServer server;
    private static final Set<Scope> OPS = EnumSet.of(Scope.USAGE_READ);
    private final String tenant = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        server = ScopedServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void http_usage_countsSessionsStorageAndTraffic() {
        ApiClient alice = server.http(tenant, "alice", ScopedServer.USER);
        String a = alice.newSession("a");
        alice.newSession("b");
        alice.write(a, "x.txt", "x".repeat(1000));
        ApiClient.ok(alice.delete("/v1/sessions/" + a));
        ApiClient ops = server.http(tenant, "ops", OPS);

        Await.until(
                Duration.ofSeconds(10),
                "the four requests are metered",
                () -> ApiClient.ok(ops.get("/v1/usage"))
                                .json()
                                .path("apiRequests")
                                .asLong()
                        >= 4);
        JsonNode u = ApiClient.ok(ops.get("/v1/usage")).json();
        assertThat(u.path("tenantId").asText()).isEqualTo(tenant);
        assertThat(u.path("sessionsCreated").asText()).isEqualTo("2");
        assertThat(u.path("peakActiveSessions").asText()).isEqualTo("2");
        assertThat(u.path("sessionHours").asDouble()).isPositive();
        assertThat(u.path("ingressBytes").asLong()).isGreaterThanOrEqualTo(1000);
        assertThat(u.path("egressBytes").asLong()).isPositive();
        assertThat(u.has("startTime") && u.has("endTime")).isTrue();

        JsonNode past = ApiClient.ok(ops.get("/v1/usage?startTime=2020-01-01T00:00:00Z&endTime=2020-02-01T00:00:00Z"))
                .json();
        assertThat(past.path("sessionsCreated").asText("0")).isEqualTo("0");
        assertThat(past.path("apiRequests").asText("0")).isEqualTo("0");

        assertError(ops.get("/v1/usage?startTime=2020-02-01T00:00:00Z&endTime=2020-01-01T00:00:00Z"), 400, 3, null);
        assertError(ops.get("/v1/usage?endTime=later"), 400, 3, null);
        assertError(alice.get("/v1/usage"), 403, 7, null);
        JsonNode other = ApiClient.ok(
                        server.http(UUID.randomUUID().toString(), "ops", OPS).get("/v1/usage"))
                .json();
        assertThat(other.path("sessionsCreated").asText("0")).isEqualTo("0");
    }

    @Test
    void grpc_usage_countsGrpcTrafficToo() {
        var sessions = server.grpc(SessionServiceGrpc::newBlockingStub, tenant, "alice", ScopedServer.USER);
        sessions.createSession(CreateSessionRequest.getDefaultInstance());
        var usage = server.grpc(UsageServiceGrpc::newBlockingStub, tenant, "ops", OPS);

        Await.until(
                Duration.ofSeconds(10),
                "the gRPC call is metered",
                () -> usage.getUsage(GetUsageRequest.getDefaultInstance()).getApiRequests() >= 1);
        UsageReport u = usage.getUsage(GetUsageRequest.getDefaultInstance());
        assertThat(u.getSessionsCreated()).isEqualTo(1);
        assertThat(u.getIngressBytes()).isPositive();

        assertGrpcError(
                () -> usage.getUsage(GetUsageRequest.newBuilder()
                        .setStartTime(Timestamp.newBuilder().setSeconds(100))
                        .setEndTime(Timestamp.newBuilder().setSeconds(50))
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                null);
        var user = server.grpc(UsageServiceGrpc::newBlockingStub, tenant, "alice", ScopedServer.USER);
        assertGrpcError(() -> user.getUsage(GetUsageRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED, null);
    }
}
