package io.aetherfs.server;

import com.linecorp.armeria.server.VirtualHostBuilder;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.server.auth.Authenticator;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.storage.MasterKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * What the server shell hands each {@link ApiModule}: the configuration, the meter registry behind
 * {@code /metrics}, the authenticator of the configured {@code auth.mode}, the secrets master key,
 * the clock, the node's notifier, the virtual hosts to bind HTTP and gRPC on, and the start of shutdown.
 */
public final class ServerContext {
    private final ServerConfig config;
    private final MeterRegistry meterRegistry;
    private final Authenticator authenticator;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Notifier notifier;
    private final VirtualHostBuilder httpHost;
    private final VirtualHostBuilder grpcHost;
    private final CompletionStage<Void> whenDraining;

    ServerContext(
            ServerConfig config,
            MeterRegistry meterRegistry,
            Authenticator authenticator,
            MasterKey masterKey,
            Clock clock,
            Notifier notifier,
            VirtualHostBuilder httpHost,
            VirtualHostBuilder grpcHost,
            CompletionStage<Void> whenDraining) {
        this.config = config;
        this.meterRegistry = meterRegistry;
        this.authenticator = authenticator;
        this.masterKey = masterKey;
        this.clock = clock;
        this.notifier = notifier;
        this.httpHost = httpHost;
        this.grpcHost = grpcHost;
        this.whenDraining = whenDraining;
    }

    public ServerConfig config() {
        return config;
    }

    /** Returns the registry scraped by {@code /metrics}; register {@code afs_*} meters here. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** Returns the authenticator for {@code Authorization} headers (spec §3.1). */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** Returns the key that encrypts stored secrets. */
    public MasterKey masterKey() {
        return masterKey;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Returns the notifier shared with the other nodes of the stores (in-process when embedded); the
     * services already use it for the bus, and a module may subscribe for its own streams.
     */
    public Notifier notifier() {
        return notifier;
    }

    /** Returns where HTTP {@code /v1} routes bind: the main listener ({@code listen_addr}). */
    public VirtualHostBuilder httpHost() {
        return httpHost;
    }

    /**
     * Returns a stage that completes when graceful shutdown begins. Long-lived streams (bus, changefeed)
     * should end on it with UNAVAILABLE rather than hold the drain until {@code shutdown_grace_secs}.
     */
    public CompletionStage<Void> whenDraining() {
        return whenDraining;
    }

    /** Returns where gRPC services bind: {@code grpc_listen_addr}'s port when set, else the main listener. */
    public VirtualHostBuilder grpcHost() {
        return grpcHost;
    }
}
