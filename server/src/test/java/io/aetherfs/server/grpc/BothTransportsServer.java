package io.aetherfs.server.grpc;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.http.GrpcImpls;
import io.aetherfs.server.http.HttpApi;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.testkit.TestClock;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * One real Armeria server on a free loopback port serving the gRPC API and the HTTP {@code /v1} routes
 * (which call the same gRPC objects), as {@code AfsApiModule} does, over in-memory stores whose time is a
 * {@link TestClock} and whose background sweepers run every 20 ms, so expiry is driven by moving the
 * clock. Tokens are {@code Bearer <tenant-uuid>:<principal>}: "reader" holds the read scopes, "writer"
 * every tenant scope but tenant.admin, everyone else every scope.
 */
final class BothTransportsServer implements AutoCloseable {
    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    final Engine engine = new Engine(new InMemoryMetaStore(), new InMemoryBlobStore(), clock, EngineConfig.DEFAULT);
    final InProcessNotifier notifier = new InProcessNotifier();
    final Services services =
            new Services(engine, notifier, Limits.DEFAULT, Policy.DEFAULT, Duration.ofMillis(20), BusSettings.DEFAULT);
    final Server server;
    final ManagedChannel channel;

    BothTransportsServer() {
        ServerBuilder sb = Server.builder()
                .http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GrpcApi grpc = GrpcApi.register(sb, services, BothTransportsServer::resolve, registry);
        GrpcServices g = grpc.services();
        HttpApi.register(sb, services, GrpcImpls.of(g), BothTransportsServer::resolve, registry);
        server = sb.build();
        server.start().join();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port())
                .usePlaintext()
                .build();
    }

    int port() {
        return server.activeLocalPort();
    }

    static Caller resolve(String authorization, String clientName, String clientVersion) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new AfsException(ErrorCode.UNAUTHENTICATED, "missing Authorization: Bearer <token>");
        }
        String token = authorization.substring(7);
        int colon = token.indexOf(':');
        if (colon < 0 || !TenantId.isValid(token.substring(0, colon))) {
            throw new AfsException(ErrorCode.UNAUTHENTICATED, "malformed token");
        }
        String principal = token.substring(colon + 1);
        Set<Scope> scopes =
                switch (principal) {
                    case "reader" -> EnumSet.of(Scope.SESSION_READ, Scope.FILESYSTEM_READ);
                    case "writer" -> EnumSet.complementOf(EnumSet.of(Scope.ADMIN, Scope.CLUSTER_ADMIN));
                    default -> Scope.all();
                };
        return new Caller(TenantId.parse(token.substring(0, colon)), principal, scopes, clientName, clientVersion);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.stop().join();
        services.close();
        engine.close();
        notifier.close();
    }
}
