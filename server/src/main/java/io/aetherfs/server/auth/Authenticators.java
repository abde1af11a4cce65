package io.aetherfs.server.auth;

import io.aetherfs.server.config.HostPort;
import io.aetherfs.server.config.ServerConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the {@link Authenticator} of the configured {@code auth.mode} (spec §3.1). */
public final class Authenticators {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

    private Authenticators() {}

    /**
     * Returns the authenticator of {@code config}'s auth mode, reading token times from {@code clock}. Dev
     * mode logs a warning that it is on, and another for every listener not bound to a loopback address.
     */
    public static Authenticator forConfig(ServerConfig config, Clock clock) {
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
            case JWT -> {
                var auth = config.auth();
                LOG.info(
                        "jwt auth is on (auth.mode = jwt): HS256 tokens signed by any of the keys {} are accepted,"
                                + " living at most {} s",
                        auth.hmacKeys().stream().map(k -> k.kid()).toList(),
                        auth.maxTokenTtl().toSeconds());
                yield new JwtAuthenticator(auth.hmacKeys(), auth.maxTokenTtl(), clock);
            }
        };
    }

    private static boolean isLoopback(HostPort addr) {
        InetSocketAddress resolved = addr.toSocketAddress();
        return !resolved.isUnresolved() && resolved.getAddress().isLoopbackAddress();
    }
}
