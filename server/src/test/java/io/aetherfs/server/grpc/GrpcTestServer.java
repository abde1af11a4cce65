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
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.proto.v1.AnnotationServiceGrpc;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.MessageBusServiceGrpc;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc;
import io.aetherfs.proto.v1.OversightServiceGrpc;
import io.aetherfs.proto.v1.PersistenceServiceGrpc;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real Armeria server on a free loopback port serving {@link GrpcApi} over in-memory stores (or given
 * ones, such as PostgreSQL and S3), and a grpc-java channel to it. Tokens are
 * {@code Bearer <tenant-uuid>:<principal>}; the principal "reader" holds only the read scopes, everyone
 * else holds all of them.
 */
final class GrpcTestServer implements AutoCloseable {
    static final String TENANT = "aaaaaaaa-0000-4000-8000-000000000001";
    static final String OTHER_TENANT = "bbbbbbbb-0000-4000-8000-000000000002";

    final MetaStore meta;
    final BlobStore blobs;
    final Engine engine;
    final InProcessNotifier notifier = new InProcessNotifier();
    final Services services;
    final Server server;
    final GrpcApi api;
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    final ManagedChannel channel;

    GrpcTestServer() {
        this(sb -> {});
    }

    GrpcTestServer(Consumer<ServerBuilder> customize) {
        this(new InMemoryMetaStore(), new InMemoryBlobStore(), BusSettings.DEFAULT, customize);
    }

    /** Serves with the given bus settings. */
    GrpcTestServer(BusSettings bus) {
        this(new InMemoryMetaStore(), new InMemoryBlobStore(), bus, sb -> {});
    }

    /** Serves over {@code meta} and {@code blobs}, which the server closes when it closes. */
    GrpcTestServer(MetaStore meta, BlobStore blobs) {
        this(meta, blobs, BusSettings.DEFAULT, sb -> {});
    }

    private GrpcTestServer(MetaStore meta, BlobStore blobs, BusSettings bus, Consumer<ServerBuilder> customize) {
        this.meta = meta;
        this.blobs = blobs;
        engine = new Engine(meta, blobs, Clock.systemUTC(), EngineConfig.DEFAULT);
        services = new Services(engine, notifier, Limits.DEFAULT, Policy.DEFAULT, Duration.ofSeconds(30), bus);
        ServerBuilder sb = Server.builder()
                .http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .connectionDrainDuration(Duration.ZERO);
        api = GrpcApi.register(sb, services, GrpcTestServer::resolve, registry);
        customize.accept(sb);
        server = sb.build();
        server.start().join();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port())
                .usePlaintext()
                .maxInboundMessageSize(GrpcApi.MAX_MESSAGE_BYTES)
                .build();
    }

    int port() {
        return server.activeLocalPort();
    }

    /** The stubs of one caller: {@code principal} in the default tenant. */
    Stubs as(String principal) {
        return as(TENANT, principal);
    }

    /** The stubs of {@code principal} in a new tenant, so tests sharing a server never see each other. */
    Stubs inNewTenant(String principal) {
        return as(UUID.randomUUID().toString(), principal);
    }

    Stubs as(String tenant, String principal) {
        return new Stubs(token(tenant + ":" + principal));
    }

    /** Stubs that send no Authorization header. */
    Stubs anonymous() {
        return new Stubs(null);
    }

    /** The blocking and async stubs of every service, all sending the same Authorization header. */
    final class Stubs {
        final SessionServiceGrpc.SessionServiceBlockingStub sessions;
        final PersistenceServiceGrpc.PersistenceServiceBlockingStub persistence;
        final FileSystemServiceGrpc.FileSystemServiceBlockingStub files;
        final FileSystemServiceGrpc.FileSystemServiceStub filesAsync;
        final ObservabilityServiceGrpc.ObservabilityServiceBlockingStub observability;
        final MessageBusServiceGrpc.MessageBusServiceBlockingStub bus;
        final MessageBusServiceGrpc.MessageBusServiceStub busAsync;
        final OversightServiceGrpc.OversightServiceBlockingStub oversight;
        final AnnotationServiceGrpc.AnnotationServiceBlockingStub annotations;
        private final Metadata headers;

        private Stubs(Metadata headers) {
            this.headers = headers;
            sessions = auth(SessionServiceGrpc.newBlockingStub(channel));
            persistence = auth(PersistenceServiceGrpc.newBlockingStub(channel));
            files = auth(FileSystemServiceGrpc.newBlockingStub(channel));
            filesAsync = auth(FileSystemServiceGrpc.newStub(channel));
            observability = auth(ObservabilityServiceGrpc.newBlockingStub(channel));
            bus = auth(MessageBusServiceGrpc.newBlockingStub(channel));
            busAsync = auth(MessageBusServiceGrpc.newStub(channel));
            oversight = auth(OversightServiceGrpc.newBlockingStub(channel));
            annotations = auth(AnnotationServiceGrpc.newBlockingStub(channel));
        }

        <S extends AbstractStub<S>> S auth(S stub) {
            S s = stub.withDeadlineAfter(60, TimeUnit.SECONDS);
            return headers == null ? s : s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
    }

    private static Metadata token(String value) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + value);
        return m;
    }

    /** The test's dev-style authentication. */
    static Caller resolve(String authorization, String clientName, String clientVersion) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new AfsException(ErrorCode.UNAUTHENTICATED, "missing Authorization: Bearer <token>");
        }
        String token = authorization.substring(7);
        int colon = token.indexOf(':');
        if (colon < 0 || !TenantId.isValid(token.substring(0, colon))) {
            throw new AfsException(ErrorCode.UNAUTHENTICATED, "malformed token");
        }
        TenantId tenant = TenantId.parse(token.substring(0, colon));
        String principal = token.substring(colon + 1);
        Set<Scope> scopes =
                principal.equals("reader") ? EnumSet.of(Scope.SESSION_READ, Scope.FILESYSTEM_READ) : Scope.all();
        return new Caller(tenant, principal, scopes, clientName, clientVersion);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.stop().join();
        try {
            services.close();
            engine.close();
            notifier.close();
        } finally {
            try {
                meta.close();
            } finally {
                blobs.close();
            }
        }
    }
}
