package io.aetherfs.server.http;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.api.CallerResolver;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.files.FileRead;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.testkit.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The HTTP API on a real socket over real services on in-memory stores, with dev-style tokens
 * ({@code Bearer <tenant-uuid>:<principal>}) and the given gRPC implementations (fakes in these tests).
 */
final class ApiFixture implements AutoCloseable {
    static final TenantId TENANT = TenantId.parse("aaaaaaaa-0000-0000-0000-000000000001");
    static final TenantId OTHER = TenantId.parse("bbbbbbbb-0000-0000-0000-000000000002");
    static final String ALICE = "Bearer " + TENANT.value() + ":alice";
    static final String MALLORY = "Bearer " + OTHER.value() + ":mallory";

    /** Parses dev tokens; every caller holds every scope. */
    static final CallerResolver RESOLVER = (authorization, clientName, clientVersion) -> {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new AfsException(ErrorCode.UNAUTHENTICATED, "missing Authorization: Bearer <token>");
        }
        String token = authorization.substring(7);
        int colon = token.indexOf(':');
        try {
            UUID.fromString(token.substring(0, Math.max(0, colon)));
        } catch (IllegalArgumentException e) {
            throw new AfsException(ErrorCode.UNAUTHENTICATED, "malformed token");
        }
        return new Caller(
                TenantId.parse(token.substring(0, colon)),
                token.substring(colon + 1),
                Scope.all(),
                clientName,
                clientVersion);
    };

    final Engine engine =
            new Engine(new InMemoryMetaStore(), new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT);
    final InProcessNotifier notifier = new InProcessNotifier();
    final Services services;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Server server;
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final Caller alice = new Caller(TENANT, "alice", Scope.all(), "test", "1");
    /** The API requests the server took, for {@link #awaitRequestsCounted}. */
    private final LongAdder served = new LongAdder();

    ApiFixture(Limits limits, GrpcImpls impls) {
        this(limits, BusSettings.DEFAULT, s -> impls);
    }

    /** The API over gRPC implementations built on this fixture's services, with the given bus settings. */
    ApiFixture(Limits limits, BusSettings bus, Function<Services, GrpcImpls> impls) {
        this(limits, bus, impls, sb -> {});
    }

    /** Like {@link #ApiFixture(Limits, BusSettings, Function)}, with server settings a test adds. */
    ApiFixture(Limits limits, BusSettings bus, Function<Services, GrpcImpls> impls, Consumer<ServerBuilder> customize) {
        services = new Services(engine, notifier, limits, Policy.DEFAULT, Duration.ofSeconds(30), bus);
        var sb = Server.builder().http(0);
        HttpApi.register(sb, services, impls.apply(services), RESOLVER, registry);
        sb.decoratorUnder("/v1", (delegate, ctx, req) -> {
            served.increment();
            return delegate.serve(ctx, req);
        });
        customize.accept(sb);
        server = sb.build();
        server.start().join();
    }

    ApiFixture() {
        this(Limits.DEFAULT, FakeImpls.create());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.activeLocalPort() + pathAndQuery);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Authorization", ALICE)
                .timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest r) {
        try {
            return client.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendBytes(HttpRequest r) {
        try {
            return client.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, String json) {
        return send(request(pathAndQuery)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json")
                .build());
    }

    SessionId newSession() {
        return services.sessions()
                .create(alice, new CreateSession(null, null, null, "t", null, null, null, null, null, null))
                .session()
                .id();
    }

    String read(SessionId id, String path) {
        FileRead f = services.fileReads().open(alice, id, FsPath.parse(path));
        return new String(f.store().read(f.content(), 0, (int) f.content().size()), StandardCharsets.UTF_8);
    }

    /**
     * Waits until every API request the server took is counted in {@code afs.http.requests}, which
     * happens when its request log completes, just after the client has the response.
     */
    void awaitRequestsCounted() {
        Await.until(
                Duration.ofSeconds(10),
                "every API request counted",
                () -> counted() == served.sum(),
                () -> counted() + " of " + served.sum());
    }

    private long counted() {
        return (long) registry.find("afs.http.requests").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Override
    public void close() {
        server.stop().join();
        services.close();
        engine.close();
        notifier.close();
    }
}
