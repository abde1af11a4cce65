package io.aetherfs.server.auth;

import io.aetherfs.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the {@link Authenticator} of the configured {@code auth.mode} (spec §3.1). */
public final class Authenticators {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);

    private Authenticators() {}

    /** Returns the authenticator for {@code auth}; dev mode logs a warning that it is on. */
    public static Authenticator forConfig(ServerConfig.Auth auth) {
        return switch (auth.mode()) {
            case DEV -> {
                LOG.warn("dev auth is on (auth.mode = dev): a bearer token <tenant-uuid>:<principal> acts as any"
                        + " tenant and principal with every scope; never expose this server to untrusted clients");
                yield new DevAuthenticator();
            }
            case JWT -> throw new IllegalStateException("auth.mode = jwt is not available in this build yet");
        };
    }
}
