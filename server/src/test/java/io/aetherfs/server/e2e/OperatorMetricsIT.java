package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.proto.v1.GetCasMetricsRequest;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc;
import io.aetherfs.service.auth.Scope;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store gauges and gRPC call counter of spec §13.3, scraped from a real server's {@code /metrics}. */
class OperatorMetricsIT {
    @TempDir
    static Path dir;

    private static ScopedServer server;

    @BeforeAll
    static void start() {
        server = ScopedServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void metrics_showSessionsByStatusCasContentAndGrpcCalls() {
        String tenant = UUID.randomUUID().toString();
        ApiClient alice = server.http(tenant, "alice", ScopedServer.USER);
        String a = alice.newSession("a");
        String b = alice.newSession("b");
        alice.newSession("c");
        alice.write(a, "x.txt", "same");
        alice.write(b, "y.txt", "same");
        alice.write(b, "big.bin", "z".repeat(20_000));
        ApiClient.ok(alice.post("/v1/sessions/" + b + ":submitForReview", "{}"));
        server.grpc(ObservabilityServiceGrpc::newBlockingStub, tenant, "ops", EnumSet.of(Scope.USAGE_READ))
                .getCasMetrics(GetCasMetricsRequest.getDefaultInstance());

        String text =
                ApiClient.ok(alice.withAuthorization(null).get("/metrics")).text();
        assertThat(text).contains("afs_sessions{status=\"SESSION_STATUS_ACTIVE\"} 2.0");
        assertThat(text).contains("afs_sessions{status=\"SESSION_STATUS_PENDING_REVIEW\"} 1.0");
        assertThat(text).contains("afs_sessions{status=\"SESSION_STATUS_ARCHIVED\"} 0.0");
        assertThat(text).contains("afs_cas_blobs 2.0");
        assertThat(text).contains("afs_cas_bytes 20004.0");
        assertThat(text)
                .contains("afs_grpc_requests_total{code=\"OK\",method=\"GetCasMetrics\","
                        + "service=\"aetherfs.v1.ObservabilityService\"} 1.0");
        assertThat(text).contains("afs_http_requests_total{");
    }
}
