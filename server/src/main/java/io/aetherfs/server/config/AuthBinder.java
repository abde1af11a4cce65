package io.aetherfs.server.config;

import static io.aetherfs.server.config.ConfigKeys.*;

import io.aetherfs.server.config.IdentityProvider.JwksLocation;
import io.aetherfs.server.config.ServerConfig.AuthMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the {@code [auth]} table into {@link ServerConfig.Auth}, checking the rules between its keys:
 * unique kids, some key to verify with in jwt mode, one JWKS location, an issuer for identity-provider
 * tokens, and no identity-provider setting without an identity provider.
 */
final class AuthBinder {
    /** The keys that only mean something for tokens verified with a JWKS. */
    private static final List<ConfigKey<?>> PROVIDER_KEYS = List.of(
            AUTH_JWKS_REFRESH_SECS,
            AUTH_JWKS_MIN_REFETCH_SECS,
            AUTH_JWKS_ALGORITHMS,
            AUTH_ISSUER,
            AUTH_AUDIENCE,
            AUTH_CLAIMS_TENANT,
            AUTH_CLAIMS_FIXED_TENANT,
            AUTH_CLAIMS_PRINCIPAL,
            AUTH_CLAIMS_SCOPES,
            AUTH_CLAIMS_SCOPE_PREFIX,
            AUTH_CLAIMS_SCOPE_MAP);

    private AuthBinder() {}

    /**
     * Binds {@code [auth]} with {@code mode} in effect.
     *
     * @param defaultModeOrigin names where a defaulted mode came from, for messages
     */
    static ServerConfig.Auth bind(ConfigValues v, AuthMode mode, String defaultModeOrigin, Path workingDir) {
        checkHmacKeys(v);
        Optional<IdentityProvider> provider = identityProvider(v, workingDir);
        if (mode == AuthMode.JWT && v.get(AUTH_HMAC_KEYS).isEmpty() && provider.isEmpty()) {
            String why = v.get(AUTH_MODE).isPresent() ? v.origin(AUTH_MODE) : defaultModeOrigin;
            throw new ConfigException("invalid configuration: " + why + " is jwt, which needs auth.hmac_keys:"
                    + " a list of kid:base64key entries, keys of at least " + HmacKey.MIN_KEY_BYTES
                    + " bytes, the first one signing (e.g. AFS_SERVER_AUTH_HMAC_KEYS=k1:$(head -c 32"
                    + " /dev/urandom | base64)); or an identity provider's key set (auth.jwks_url or"
                    + " auth.jwks_file, with auth.issuer)");
        }
        return new ServerConfig.Auth(
                mode, v.get(AUTH_HMAC_KEYS), Duration.ofSeconds(v.get(AUTH_MAX_TOKEN_TTL_SECS)), provider);
    }

    /** Kids must be unique so a token's kid names exactly one key. */
    private static void checkHmacKeys(ConfigValues v) {
        Set<String> kids = new HashSet<>();
        for (HmacKey k : v.get(AUTH_HMAC_KEYS)) {
            if (!kids.add(k.kid())) {
                throw new ConfigException("invalid configuration: " + v.origin(AUTH_HMAC_KEYS) + " names the kid "
                        + k.kid() + " twice; every key needs its own kid");
            }
        }
    }

    private static Optional<IdentityProvider> identityProvider(ConfigValues v, Path workingDir) {
        Optional<JwksLocation> jwks = jwksLocation(v, workingDir);
        if (jwks.isEmpty()) {
            for (ConfigKey<?> key : PROVIDER_KEYS) {
                if (!v.get(key).equals(key.defaultValue())) {
                    throw new ConfigException("invalid configuration: " + v.origin(key)
                            + " applies to identity-provider tokens only; set auth.jwks_url or auth.jwks_file too");
                }
            }
            return Optional.empty();
        }
        String issuer = v.get(AUTH_ISSUER)
                .orElseThrow(() -> new ConfigException("invalid configuration: "
                        + v.origin(jwks.get() instanceof JwksLocation.Url ? AUTH_JWKS_URL : AUTH_JWKS_FILE)
                        + " needs auth.issuer: the exact iss of the identity provider's tokens (its issuer URL),"
                        + " so that tokens it signs for other issuers sharing its keys are refused"));
        if (v.get(AUTH_JWKS_ALGORITHMS).isEmpty()) {
            throw new ConfigException("invalid configuration: " + v.origin(AUTH_JWKS_ALGORITHMS)
                    + " is empty; name at least one algorithm, e.g. [\"RS256\"]");
        }
        if (v.get(AUTH_CLAIMS_FIXED_TENANT).isPresent()
                && v.source(AUTH_CLAIMS_TENANT).kind() != ConfigSource.Kind.DEFAULT) {
            throw new ConfigException("invalid configuration: " + v.origin(AUTH_CLAIMS_FIXED_TENANT) + " and "
                    + v.origin(AUTH_CLAIMS_TENANT) + " exclude each other: the tenant is either fixed or a claim");
        }
        return Optional.of(new IdentityProvider(
                jwks.get(),
                Duration.ofSeconds(v.get(AUTH_JWKS_REFRESH_SECS)),
                Duration.ofSeconds(v.get(AUTH_JWKS_MIN_REFETCH_SECS)),
                v.get(AUTH_JWKS_ALGORITHMS),
                issuer,
                v.get(AUTH_AUDIENCE),
                new IdentityProvider.Claims(
                        v.get(AUTH_CLAIMS_TENANT),
                        v.get(AUTH_CLAIMS_FIXED_TENANT),
                        v.get(AUTH_CLAIMS_PRINCIPAL),
                        v.get(AUTH_CLAIMS_SCOPES),
                        v.get(AUTH_CLAIMS_SCOPE_PREFIX),
                        v.get(AUTH_CLAIMS_SCOPE_MAP))));
    }

    private static Optional<JwksLocation> jwksLocation(ConfigValues v, Path workingDir) {
        var url = v.get(AUTH_JWKS_URL);
        var file = v.get(AUTH_JWKS_FILE);
        if (url.isPresent() && file.isPresent()) {
            throw new ConfigException("invalid configuration: " + v.origin(AUTH_JWKS_URL) + " and "
                    + v.origin(AUTH_JWKS_FILE) + " exclude each other; set one");
        }
        if (url.isPresent()) {
            return Optional.of(new JwksLocation.Url(url.get()));
        }
        return file.map(f -> new JwksLocation.File(workingDir.resolve(f).normalize()));
    }
}
