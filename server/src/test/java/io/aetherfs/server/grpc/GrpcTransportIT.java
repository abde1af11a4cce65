package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ConnectionPoolListener;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.SessionProtocol;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.netty.util.AttributeMap;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport around the services (spec §10): reflection, health, gzip, message size and keepalive. */
class GrpcTransportIT {
    private static final List<String> API_SERVICES = List.of(
            "aetherfs.v1.SessionService",
            "aetherfs.v1.PersistenceService",
            "aetherfs.v1.FileSystemService",
            "aetherfs.v1.ObservabilityService",
            "aetherfs.v1.MessageBusService",
            "aetherfs.v1.OversightService",
            "aetherfs.v1.AnnotationService",
            "aetherfs.v1.KnowledgeCacheService",
            "aetherfs.v1.CollaborationService",
            "aetherfs.v1.SecretsService",
            "aetherfs.v1.HealthService",
            "aetherfs.v1.ToolingService",
            "aetherfs.v1.AnalyticsService",
            "aetherfs.v1.UsageService",
            "aetherfs.v1.UnderlaySourceService");

    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();

    @Test
    void reflectionV1AndV1alpha_listTheApiServices_withoutAToken() throws Exception {
        var v1 = new CompletableFuture<List<String>>();
        var v1Call = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(server.channel)
                .serverReflectionInfo(new Collect<>(v1, r -> r.getListServicesResponse().getServiceList().stream()
                        .map(s -> s.getName())
                        .toList()));
        v1Call.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
                .setListServices("*")
                .build());
        v1Call.onCompleted();
        assertThat(v1.get(30, TimeUnit.SECONDS))
                .containsAll(API_SERVICES)
                .contains("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");

        var alpha = new CompletableFuture<List<String>>();
        @SuppressWarnings("deprecation")
        var alphaCall = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(server.channel)
                .serverReflectionInfo(new Collect<>(alpha, r -> r.getListServicesResponse().getServiceList().stream()
                        .map(s -> s.getName())
                        .toList()));
        alphaCall.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                .setListServices("*")
                .build());
        alphaCall.onCompleted();
        assertThat(alpha.get(30, TimeUnit.SECONDS)).containsAll(API_SERVICES);

        var file = new CompletableFuture<Integer>();
        var fileCall = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(server.channel)
                .serverReflectionInfo(
                        new Collect<>(file, r -> r.getFileDescriptorResponse().getFileDescriptorProtoCount()));
        fileCall.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("aetherfs.v1.FileSystemService")
                .build());
        fileCall.onCompleted();
        assertThat(file.get(30, TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void health_reportsServingForTheServerAndEachService_withoutAToken() {
        var health = HealthGrpc.newBlockingStub(server.channel);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
        for (String service : API_SERVICES) {
            assertThat(health.check(HealthCheckRequest.newBuilder()
                                    .setService(service)
                                    .build())
                            .getStatus())
                    .isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void gzipRequests_andMessagesUpTo16MiB_areAccepted() {
        var alice = server.inNewTenant("alice");
        String id = GrpcTestCalls.newSession(alice);
        var gzipped = alice.sessions.withCompression("gzip");
        assertThat(gzipped.getSession(
                                GetSessionRequest.newBuilder().setSessionId(id).build())
                        .getId())
                .isEqualTo(id);

        byte[] big = new byte[12 << 20];
        new Random(1).nextBytes(big);
        var answer = new GrpcTestCalls.Answer<ManifestEntry>();
        StreamObserver<WriteFileRequest> req =
                alice.filesAsync.withCompression("gzip").writeFile(answer);
        req.onNext(WriteFileRequest.newBuilder()
                .setHeader(WriteFileHeader.newBuilder().setSessionId(id).setPath("one-message.bin"))
                .build());
        req.onNext(WriteFileRequest.newBuilder()
                .setData(com.google.protobuf.ByteString.copyFrom(big))
                .build());
        req.onCompleted();
        assertThat(answer.get().getSize()).isEqualTo(big.length);
        assertThat(GrpcTestCalls.read(alice, id, "one-message.bin")).isEqualTo(big);
    }

    @Test
    void keepalivePingsEverySecond_keepAnIdleConnectionOpen() throws Exception {
        try (GrpcTestServer pinged = new GrpcTestServer(sb -> GrpcApi.allowKeepalivePings(sb, Duration.ofSeconds(2)))) {
            Seen seen = idleWithPings(pinged, Duration.ofMillis(4500));
            assertThat(seen.pingsAcked()).isGreaterThanOrEqualTo(3);
            assertThat(seen.opened()).isEqualTo(1);
            assertThat(seen.closed()).isZero();
        }
    }

    @Test
    void withoutKeepAliveOnPing_theIdleTimeoutWouldCloseAPingingConnection() throws Exception {
        try (GrpcTestServer plain = new GrpcTestServer(sb -> sb.idleTimeout(Duration.ofSeconds(2), false))) {
            Seen seen = idleWithPings(plain, Duration.ofMillis(3500));
            assertThat(seen.closed()).isEqualTo(1);
            assertThat(seen.opened()).isEqualTo(2);
        }
    }

    /** Makes one call, idles with a PING every second, then calls again; returns what the client saw. */
    private static Seen idleWithPings(GrpcTestServer target, Duration idle) throws Exception {
        Connections c = new Connections();
        try (ClientFactory factory = ClientFactory.builder()
                .pingIntervalMillis(1000)
                .idleTimeoutMillis(0)
                .connectionPoolListener(c)
                .build()) {
            var health = GrpcClients.builder("http://127.0.0.1:" + target.port())
                    .factory(factory)
                    .build(HealthGrpc.HealthBlockingStub.class);
            health.check(HealthCheckRequest.getDefaultInstance());
            Thread.sleep(idle.toMillis()); // the idle period is the behaviour under test, not a wait for something
            health.check(HealthCheckRequest.getDefaultInstance());
            return new Seen(c.opened.get(), c.closed.get(), c.pingsAcked.get());
        }
    }

    private record Seen(int opened, int closed, int pingsAcked) {}

    /** Counts what happens to the client's connections. */
    private static final class Connections implements ConnectionPoolListener {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger pingsAcked = new AtomicInteger();

        @Override
        public void connectionOpen(
                SessionProtocol p, InetSocketAddress remote, InetSocketAddress local, AttributeMap attrs) {
            opened.incrementAndGet();
        }

        @Override
        public void connectionClosed(
                SessionProtocol p,
                InetSocketAddress remote,
                InetSocketAddress local,
                AttributeMap attrs,
                String description) {
            closed.incrementAndGet();
        }

        @Override
        @Deprecated
        public void connectionClosed(
                SessionProtocol p, InetSocketAddress remote, InetSocketAddress local, AttributeMap attrs) {
            // Armeria calls the variant with a description.
        }

        @Override
        public void onPingAcknowledged(
                SessionProtocol p, InetSocketAddress remote, InetSocketAddress local, AttributeMap attrs, long id) {
            pingsAcked.incrementAndGet();
        }
    }

    /** Completes a future with the mapped first response of a bidirectional stream. */
    private record Collect<R, T>(CompletableFuture<T> result, java.util.function.Function<R, T> map)
            implements StreamObserver<R> {
        @Override
        public void onNext(R value) {
            result.complete(map.apply(value));
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            result.completeExceptionally(new AssertionError("no response"));
        }
    }
}
