package io.aetherfs.server;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.server.GracefulShutdown;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.VirtualHostBuilder;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.server.auth.Authenticator;
import io.aetherfs.server.auth.Authenticators;
import io.aetherfs.server.config.HostPort;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.http.ProtocolErrors;
import io.aetherfs.server.ops.DrainGuard;
import io.aetherfs.server.ops.OperatorRoutes;
import io.aetherfs.server.ops.Readiness;
import io.aetherfs.server.ops.ServerMetrics;
import io.aetherfs.server.ops.VirtualThreadExecutor;
import io.aetherfs.server.storage.DataDirLock;
import io.aetherfs.server.storage.MasterKey;
import io.aetherfs.server.storage.Stores;
import io.aetherfs.service.Services;
import io.aetherfs.service.jobs.JobRunnerSettings;
import io.aetherfs.service.secrets.SecretKeys;
import io.aetherfs.service.sources.SourceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running afs-server (spec §13): the stores, engine and services of a configuration behind an
 * Armeria server carrying the operator endpoints and every {@link ApiModule}. {@link #close()} is the
 * graceful shutdown: readiness fails, new work is refused, in-flight requests drain for
 * {@code shutdown_grace_secs}, then services, engine and stores close in that order.
 */
public final class AfsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AfsServer.class);
    /** How long without responses counts as drained; short, since new work is refused while draining. */
    private static final Duration QUIET_PERIOD = Duration.ofMillis(200);
    /**
     * The longest HTTP/1 request line and HTTP/2 header list accepted: a raw file route carries a path of
     * up to 4096 bytes (spec §2) in its query, percent-encoded to up to three times that, so Armeria's
     * defaults (4 KiB and 8 KiB) would refuse valid paths.
     */
    private static final int MAX_REQUEST_LINE = 64 * 1024;
    /** How long blocking handlers may still run after the listeners closed. */
    private static final Duration BLOCKING_TASKS_GRACE = Duration.ofSeconds(5);
    /** How often expired sessions are looked for. */
    private static final Duration EXPIRY_SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final ServerConfig config;
    private final CloseStack resources;
    private final Readiness readiness;
    private final VirtualThreadExecutor blocking;
    private final Server server;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private AfsServer(ServerConfig config, Stores stores, List<ApiModule> modules, CloseStack resources) {
        this.config = config;
        this.resources = resources;
        Clock clock = Clock.systemUTC();
        ServerMetrics metrics = resources.push("meter registry", new ServerMetrics());
        MasterKey masterKey = loadMasterKey(config);
        Authenticator authenticator = resources.push("authenticator", Authenticators.forConfig(config, clock));
        Engine engine = resources.push(
                "engine",
                new Engine(
                        stores.meta(),
                        stores.blobs(),
                        clock,
                        EngineConfig.forHeap(Runtime.getRuntime().maxMemory())));
        Services services = resources.push(
                "services",
                new Services(
                        engine,
                        stores.notifier(),
                        stores.jobs(),
                        JobRunnerSettings.DEFAULT,
                        config.limits().toServiceLimits(),
                        config.policy().toServicePolicy(),
                        EXPIRY_SWEEP_INTERVAL,
                        config.limits().toBusSettings(),
                        SecretKeys.of(masterKey.bytes()),
                        config.sessions().idleArchiveAfter(),

                        new SourceSettings(
                                config.sources().localfsAllowedRoots(),
                                config.sources().importWorkers(),
                                config.sources().gitTimeout(),
                                config.auth().mode() == ServerConfig.AuthMode.DEV)));
        this.readiness = new Readiness(stores.meta(), stores.blobs());
        this.blocking = new VirtualThreadExecutor("afs-blocking-");

        ServerBuilder sb = Server.builder();
        SessionProtocol protocol = config.tls().enabled() ? SessionProtocol.HTTPS : SessionProtocol.HTTP;
        sb.port(config.listenAddr().toSocketAddress(), protocol);
        config.grpcListenAddr().ifPresent(a -> sb.port(a.toSocketAddress(), protocol));
        config.adminListenAddr().ifPresent(a -> sb.port(a.toSocketAddress(), protocol));
        if (config.tls().enabled()) {
            sb.tls(TlsKeyPair.of(
                    config.tls().keyFile().orElseThrow().toFile(),
                    config.tls().certFile().orElseThrow().toFile()));
        }
        Duration grace = config.shutdownGrace();
        sb.blockingTaskExecutor(blocking, false) // closed by awaitBlockingTasks, with a bound
                .meterRegistry(metrics.registry())
                .maxRequestLength(config.limits().maxJsonBodyBytes())
                .http1MaxInitialLineLength(MAX_REQUEST_LINE)
                .http2MaxHeaderListSize(MAX_REQUEST_LINE + 8192)
                .errorHandler(new ProtocolErrors())
                .gracefulShutdown(GracefulShutdown.builder()
                        .quietPeriod(grace.compareTo(QUIET_PERIOD) < 0 ? grace : QUIET_PERIOD)
                        .timeout(grace)
                        .build())
                .decorator(new DrainGuard(readiness));
        VirtualHostBuilder httpHost = sb.defaultVirtualHost();
        VirtualHostBuilder grpcHost =
                config.grpcListenAddr().map(a -> sb.virtualHost(a.port())).orElse(httpHost);
        VirtualHostBuilder adminHost =
                config.adminListenAddr().map(a -> sb.virtualHost(a.port())).orElse(httpHost);
        OperatorRoutes.bind(adminHost, readiness, metrics);
        ServerContext ctx = new ServerContext(
                config,
                metrics.registry(),
                authenticator,
                masterKey,
                clock,
                stores.notifier(),
                httpHost,
                grpcHost,
                readiness.whenDraining());
        for (ApiModule module : modules) {
            module.register(sb, services, ctx);
            LOG.info("registered API module {}", module.getClass().getName());
        }
        this.server = sb.build();
    }

    /** Opens the configured stores (locking the data directory of SQLite metadata) and starts serving. */
    public static AfsServer start(ServerConfig config) {
        CloseStack resources = new CloseStack();
        try {
            if (config.storage().locksDataDir()) {
                resources.push(
                        "data directory lock",
                        DataDirLock.acquire(config.storage().dataDir()));
            }
            Stores stores = resources.push("stores", Stores.open(config.storage()));
            return start(config, stores, loadModules(), resources);
        } catch (IOException e) {
            resources.closeAll();
            throw new UncheckedIOException(
                    "cannot lock the data directory " + config.storage().dataDir(), e);
        } catch (RuntimeException | Error e) {
            resources.closeAll();
            throw e;
        }
    }

    /** Starts serving over {@code stores} with {@code modules}; the stores are closed with the server. */
    public static AfsServer start(ServerConfig config, Stores stores, List<ApiModule> modules) {
        CloseStack resources = new CloseStack();
        resources.push("stores", stores);
        return start(config, stores, modules, resources);
    }

    private static AfsServer start(ServerConfig config, Stores stores, List<ApiModule> modules, CloseStack resources) {
        AfsServer afs;
        try {
            afs = new AfsServer(config, stores, modules, resources);
        } catch (RuntimeException | Error e) {
            resources.closeAll();
            throw e;
        }
        try {
            afs.server.start().join();
        } catch (CompletionException e) {
            afs.server.stop();
            afs.blocking.shutdownNow();
            resources.closeAll();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot listen on " + afs.listeners() + ": " + cause.getMessage(), cause);
        }
        LOG.info(
                "afs-server listening on {} (storage {}: {}; auth {})",
                afs.listeners(),
                config.storage().describeKinds(),
                Stores.describe(config.storage()),
                config.auth().mode().configName());
        return afs;
    }

    /** Returns the API modules on the class path, in class-name order. */
    public static List<ApiModule> loadModules() {
        List<ApiModule> modules = ServiceLoader.load(ApiModule.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(m -> m.getClass().getName()))
                .toList();
        if (modules.isEmpty()) {
            LOG.warn("no API modules on the class path: only /healthz, /readyz and /metrics are served");
        }
        return modules;
    }

    /** Returns the port of the main listener ({@code listen_addr}; the bound port when it asked for 0). */
    public int port() {
        Set<Integer> separate = Stream.of(config.grpcListenAddr(), config.adminListenAddr())
                .flatMap(Optional::stream)
                .map(HostPort::port)
                .collect(Collectors.toSet());
        return server.activePorts().values().stream()
                .map(p -> p.localAddress().getPort())
                .filter(p -> !separate.contains(p))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the server is not listening"));
    }

    /**
     * Shuts down gracefully and waits until done; later calls just wait. Never throws: failures to
     * close a part are logged.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            closed.join();
            return;
        }
        try {
            readiness.startDraining();
            LOG.info(
                    "shutting down: refusing new requests, draining in-flight ones for up to {}s",
                    config.shutdownGrace().toSeconds());
            try {
                server.stop().join();
            } catch (RuntimeException e) {
                LOG.warn("the HTTP server did not stop cleanly", e);
            }
            awaitBlockingTasks();
            boolean clean = resources.closeAll();
            LOG.info(clean ? "afs-server stopped" : "afs-server stopped; some parts failed to close (see above)");
        } finally {
            closed.complete(null);
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() {
        closed.join();
    }

    private void awaitBlockingTasks() {
        blocking.shutdown();
        try {
            if (!blocking.awaitTermination(BLOCKING_TASKS_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "blocking tasks still running {}s after the listeners closed; closing the engine anyway",
                        BLOCKING_TASKS_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String listeners() {
        String scheme = config.tls().enabled() ? "https://" : "http://";
        String main = server.activePorts().isEmpty()
                ? config.listenAddr().toString()
                : config.listenAddr().host() + ":" + port();
        String all = scheme + main;
        if (config.grpcListenAddr().isPresent()) {
            all += ", gRPC " + scheme + config.grpcListenAddr().get();
        }
        if (config.adminListenAddr().isPresent()) {
            all += ", admin " + scheme + config.adminListenAddr().get();
        }
        return all;
    }

    private static MasterKey loadMasterKey(ServerConfig config) {
        try {
            return MasterKey.load(config, new SecureRandom());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the secrets master key "
                            + config.storage().secretsKeyFile(),
                    e);
        }
    }
}
