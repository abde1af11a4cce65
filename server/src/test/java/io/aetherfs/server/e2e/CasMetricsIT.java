package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ScopedServer.assertGrpcError;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.core.model.Hash;
import io.aetherfs.proto.v1.CasMetrics;
import io.aetherfs.proto.v1.CasRefcount;
import io.aetherfs.proto.v1.GetCasMetricsRequest;
import io.aetherfs.proto.v1.ListCasRefcountsRequest;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc;
import io.aetherfs.service.auth.Scope;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GetCasMetrics and ListCasRefcounts over real HTTP and gRPC sockets, with their scope rules. */
class CasMetricsIT {
    @TempDir
    static Path dir;

    private static ScopedServer server;
    private final String tenant = UUID.randomUUID().toString();
    private static final Set<Scope> OPS = EnumSet.of(
            Scope.SESSION_READ, Scope.SESSION_WRITE, Scope.FILESYSTEM_READ, Scope.FILESYSTEM_WRITE, Scope.USAGE_READ);

    @BeforeAll
    static void start() {
        server = ScopedServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Writes "shared" to two sessions (one extent, two references) and "alone" to one. */
    private void content(ApiClient alice) {
        String a = alice.newSession("a");
        String b = alice.newSession("b");
        alice.write(a, "x.txt", "shared");
        alice.write(b, "y.txt", "shared");
        alice.write(b, "z.txt", "alone");
    }

    @Test
    void http_metricsAndRefcounts_ofTheCallersTenant() {
        ApiClient ops = server.http(tenant, "ops", OPS);
        content(ops);

        JsonNode m = ApiClient.ok(ops.get("/v1/metrics/cas")).json();
        assertThat(m.path("blobCount").asText()).isEqualTo("2");
        assertThat(m.path("physicalBytes").asText()).isEqualTo("11");
        assertThat(m.path("logicalBytes").asText()).isEqualTo("17");
        assertThat(m.path("dedupeRatio").asDouble()).isEqualTo(17.0 / 11);
        assertThat(m.path("extentSizeBytes").asText()).isEqualTo("4194304");
        assertThat(m.path("computedAt").asText()).isNotEmpty();

        JsonNode shared =
                ApiClient.ok(ops.get("/v1/metrics/cas/refcounts?minRefCount=2")).json();
        assertThat(shared.path("refcounts")).hasSize(1);
        assertThat(shared.path("refcounts").get(0).path("hash").asText())
                .isEqualTo(Hash.of("shared".getBytes(StandardCharsets.UTF_8)).hex());
        assertThat(shared.path("refcounts").get(0).path("refCount").asText()).isEqualTo("2");
        assertThat(shared.path("refcounts").get(0).path("size").asText()).isEqualTo("6");
        List<String> hashes = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = ApiClient.ok(ops.get("/v1/metrics/cas/refcounts?pageSize=1&pageToken=" + token))
                    .json();
            page.path("refcounts").forEach(r -> hashes.add(r.path("hash").asText()));
            token = page.path("nextPageToken").asText();
        } while (!token.isEmpty());
        assertThat(hashes).hasSize(2).isSorted();

        assertError(ops.get("/v1/metrics/cas?allTenants=true"), 403, 7, null);
        assertError(ops.get("/v1/metrics/cas/refcounts?allTenants=true"), 403, 7, null);
        assertError(ops.get("/v1/metrics/cas/refcounts?minRefCount=-1"), 400, 3, null);
        assertError(ops.get("/v1/metrics/cas?allTenants=maybe"), 400, 3, null);
        ApiClient user = server.http(tenant, "user", ScopedServer.USER);
        assertError(user.get("/v1/metrics/cas"), 403, 7, null);
        assertError(user.get("/v1/metrics/cas/refcounts"), 403, 7, null);

        ApiClient admin = server.http(UUID.randomUUID().toString(), "root", EnumSet.of(Scope.CLUSTER_ADMIN));
        assertThat(ApiClient.ok(admin.get("/v1/metrics/cas"))
                        .json()
                        .path("blobCount")
                        .asText("0"))
                .isEqualTo("0"); // its own tenant holds nothing
        JsonNode all =
                ApiClient.ok(admin.get("/v1/metrics/cas?allTenants=true")).json();
        assertThat(all.path("blobCount").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode rows = ApiClient.ok(admin.get("/v1/metrics/cas/refcounts?allTenants=true&minRefCount=2"))
                .json();
        assertThat(rows.path("refcounts").findValuesAsText("tenantId")).contains(tenant);
    }

    @Test
    void grpc_metricsAndRefcounts_ofTheCallersTenant() {
        content(server.http(tenant, "ops", OPS));
        var ops = server.grpc(ObservabilityServiceGrpc::newBlockingStub, tenant, "ops", OPS);

        CasMetrics m = ops.getCasMetrics(GetCasMetricsRequest.getDefaultInstance());
        assertThat(m.getBlobCount()).isEqualTo(2);
        assertThat(m.getLogicalBytes()).isEqualTo(17);
        assertThat(m.getPendingGcBlobs()).isZero();
        var rows = ops.listCasRefcounts(
                ListCasRefcountsRequest.newBuilder().setMinRefCount(1).build());
        assertThat(rows.getRefcountsList()).extracting(CasRefcount::getRefCount).containsExactlyInAnyOrder(1L, 2L);
        assertThat(rows.getRefcountsList()).extracting(CasRefcount::getTenantId).containsOnly("");

        assertGrpcError(
                () -> ops.getCasMetrics(
                        GetCasMetricsRequest.newBuilder().setAllTenants(true).build()),
                Status.Code.PERMISSION_DENIED,
                null);
        var user = server.grpc(ObservabilityServiceGrpc::newBlockingStub, tenant, "user", ScopedServer.USER);
        assertGrpcError(
                () -> user.getCasMetrics(GetCasMetricsRequest.getDefaultInstance()),
                Status.Code.PERMISSION_DENIED,
                null);
        assertGrpcError(
                () -> user.listCasRefcounts(ListCasRefcountsRequest.getDefaultInstance()),
                Status.Code.PERMISSION_DENIED,
                null);
        var admin =
                server.grpc(ObservabilityServiceGrpc::newBlockingStub, tenant, "root", EnumSet.of(Scope.CLUSTER_ADMIN));
        assertThat(admin.getCasMetrics(GetCasMetricsRequest.newBuilder()
                                .setAllTenants(true)
                                .build())
                        .getBlobCount())
                .isGreaterThanOrEqualTo(2);
    }
}
