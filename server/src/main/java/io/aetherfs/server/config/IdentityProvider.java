package io.aetherfs.server.config;

import io.aetherfs.core.model.TenantId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The identity provider whose tokens {@code auth.mode = jwt} accepts beside its own HS256 tokens: where
 * its signing keys are published (a JWKS), how often they are fetched again, which algorithms, issuer
 * and audience its tokens must have, and which claims name the tenant, the principal and the scopes.
 */
public record IdentityProvider(
        JwksLocation jwks,
        Duration refreshInterval,
        Duration minRefetchInterval,
        List<SignatureAlgorithm> algorithms,
        String issuer,
        Optional<String> audience,
        Claims claims) {

    public IdentityProvider {
        algorithms = List.copyOf(algorithms);
    }

    /** Where the JWKS is read from: an http(s) URL or a local file, both read again periodically. */
    public sealed interface JwksLocation {
        /** Returns the location for log lines and messages. */
        String describe();

        /** A JWKS served over HTTP(S), like an identity provider's {@code jwks_uri}. */
        record Url(URI uri) implements JwksLocation {
            @Override
            public String describe() {
                return uri.toString();
            }
        }

        /** A JWKS in a local file (absolute). */
        record File(Path path) implements JwksLocation {
            @Override
            public String describe() {
                return "file " + path;
            }
        }
    }

    /**
     * The claims that carry the caller (the {@code [auth.claims]} table): a name is a top-level claim, or a
     * JSON Pointer into the claims set when it starts with '/'. A fixed tenant replaces the tenant claim.
     * Scope names in the token count when an alias maps them, or when they are canonical after
     * {@code scopePrefix} is removed; other names (openid, profile, ...) are ignored.
     */
    public record Claims(
            String tenant,
            Optional<TenantId> fixedTenant,
            String principal,
            String scopes,
            String scopePrefix,
            List<ScopeAlias> scopeMap) {
        public Claims {
            scopeMap = List.copyOf(scopeMap);
        }
    }

    /** Parses the value of {@code auth.jwks_url}: an absolute http or https URL with a host. */
    static URI parseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("expected an http:// or https:// URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected an http:// or https:// URL with a host");
        }
        return uri;
    }

    /** Checks the value of a claim-name key: a non-empty name, or a JSON Pointer starting with '/'. */
    static String parseClaimName(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("expected a claim name or a JSON Pointer such as /realm_access/roles");
        }
        if (text.startsWith("/") && !text.matches("(/([^~]|~[01])*)+")) {
            throw new IllegalArgumentException(
                    "expected a JSON Pointer (RFC 6901: '~' only as ~0 or ~1) such as /realm_access/roles");
        }
        return text;
    }
}
