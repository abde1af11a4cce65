package io.aetherfs.server.auth;

import io.aetherfs.server.config.HostPort;
import io.aetherfs.server.config.ServerConfig;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the {@link Authenticator} of the configured {@code auth.mode} (spec §3.1). */
public final class Authenticators {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

    private Authenticators() {}

    /**
     * Returns the authenticator of {@code config}'s auth mode. Dev mode logs a warning that it is on, and
     * another for every listener not bound to a loopback address.
     */
    public static Authenticator forConfig(ServerConfig config) {
        return switch (config.auth().mode()) {
            case DEV -> {
                LOG.warn("dev auth is on (auth.mode = dev): a bearer token <tenant-uuid>:<principal> acts as any"
                        + " tenant and principal with every scope; never expose this server to untrusted clients");
                Stream.of(Optional.of(config.listenAddr()), config.grpcListenAddr())
                        .flatMap(Optional::stream)
                        .filter(a -> !isLoopback(a))
                        .forEach(a -> LOG.warn("dev auth is on and {} is not a loopback address", a));
                yield new DevAuthenticator();
            }
            case JWT -> throw new IllegalStateException("auth.mode = jwt is not available in this build yet");
        };
    }

    private static boolean isLoopback(HostPort addr) {
        InetSocketAddress resolved = addr.toSocketAddress();
        return !resolved.isUnresolved() && resolved.getAddress().isLoopbackAddress();
    }
}
