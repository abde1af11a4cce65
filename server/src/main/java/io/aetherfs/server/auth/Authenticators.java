package io.aetherfs.server.auth;

import io.aetherfs.server.config.HostPort;
import io.aetherfs.server.config.IdentityProvider;
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
     * With an identity provider, its key set is read before this returns.
     *
     * @throws IllegalStateException when the identity provider's key set cannot be read or is unusable
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
            case JWT -> jwt(config.auth(), clock);
        };
    }

    /** Returns the jwt authenticator, reading the identity provider's key set first if there is one. */
    private static Authenticator jwt(ServerConfig.Auth auth, Clock clock) {
        if (!auth.hmacKeys().isEmpty()) {
            LOG.info(
                    "jwt auth is on (auth.mode = jwt): HS256 tokens signed by any of the keys {} are accepted,"
                            + " living at most {} s",
                    auth.hmacKeys().stream().map(k -> k.kid()).toList(),
                    auth.maxTokenTtl().toSeconds());
        }
        Optional<IdentityProvider> provider = auth.identityProvider();
        Optional<JwtAuthenticator.Provider> jwks = provider.map(p -> {
            JwksKeys keys = JwksKeys.start(
                    JwksSource.of(p.jwks()), p.jwks().describe(), p.refreshInterval(), p.minRefetchInterval(), clock);
            LOG.info(
                    "jwt auth accepts tokens of the identity provider {} signed with {} by the keys {} of {},"
                            + " read again every {} s",
                    p.issuer(),
                    p.algorithms(),
                    keys.kids(),
                    p.jwks().describe(),
                    p.refreshInterval().toSeconds());
            if (p.jwks() instanceof IdentityProvider.JwksLocation.Url url
                    && url.uri().getScheme().equalsIgnoreCase("http")
                    && !isLoopbackHost(url.uri().getHost())) {
                LOG.warn("auth.jwks_url {} is plain http: anyone on the path can swap the keys; use https", url.uri());
            }
            return new JwtAuthenticator.Provider(p, keys);
        });
        return new JwtAuthenticator(auth.hmacKeys(), jwks, auth.maxTokenTtl(), clock);
    }

    private static boolean isLoopbackHost(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static boolean isLoopback(HostPort addr) {
        InetSocketAddress resolved = addr.toSocketAddress();
        return !resolved.isUnresolved() && resolved.getAddress().isLoopbackAddress();
    }
}
