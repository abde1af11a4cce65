package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.server.config.IdentityProvider;
import io.aetherfs.server.config.SignatureAlgorithm;
import io.aetherfs.service.auth.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@code auth.mode = jwt} authenticator (spec §3.1): accepts a compact JWS whose {@code alg} is one
 * accepted exactly, signed by the key its {@code kid} names, carrying the claims its issuer's
 * {@link ClaimMapping} reads, unexpired, and living at most {@code auth.max_token_ttl_secs}. HS256 tokens
 * are afs-server's own, verified with {@code auth.hmac_keys} (all of them, so keys rotate); RS/PS/ES
 * tokens are an identity provider's, verified with its JWKS. The caller holds exactly the token's scopes.
 * Every rejection is UNAUTHENTICATED with a message saying what to fix; the token never appears in it.
 * The times are {@link TokenTimes}' to check.
 */
public final class JwtAuthenticator implements Authenticator {
    /** How far in the future {@code iat} (and {@code nbf}) may be. */
    public static final Duration CLOCK_SKEW = TokenTimes.CLOCK_SKEW;
    /** The longest token read; real ones are a few hundred characters (an IdP's up to a few KiB). */
    static final int MAX_TOKEN_CHARS = 8192;

    /** The keys and claim mapping that the algorithm of a token selects, and where to get a new token. */
    private record Issuer(KeySource keys, ClaimMapping claims, String renewal) {}

    private sealed interface Verification {}

    private record Verified(TokenClaims claims) implements Verification {}

    private record AwaitingKeys(CompletableFuture<Void> done) implements Verification {}

    /** An identity provider's configuration and its key set, read and kept fresh by {@link JwksKeys}. */
    record Provider(IdentityProvider config, JwksKeys keys) {}

    private final Map<JWSAlgorithm, Issuer> byAlgorithm = new LinkedHashMap<>();
    private final Optional<Provider> provider;
    private final TokenTimes times;

    /** Creates an authenticator of HS256 tokens signed by any of {@code keys} (at least one, distinct kids). */
    public JwtAuthenticator(List<HmacKey> keys, Duration maxTtl, Clock clock) {
        this(keys, Optional.empty(), maxTtl, clock);
    }

    /** Creates an authenticator of HS256 tokens signed by {@code keys} and of {@code provider}'s tokens. */
    JwtAuthenticator(List<HmacKey> keys, Optional<Provider> provider, Duration maxTtl, Clock clock) {
        if (keys.isEmpty() && provider.isEmpty()) {
            throw new IllegalArgumentException(
                    "auth.mode = jwt needs at least one key in auth.hmac_keys or an identity provider's key set");
        }
        if (!keys.isEmpty()) {
            byAlgorithm.put(
                    JWSAlgorithm.HS256,
                    new Issuer(new HmacKeys(keys), ClaimMapping.NATIVE, "issue a new one with afs-server token issue"));
        }
        provider.ifPresent(p -> {
            var issuer = new Issuer(p.keys(), ClaimMapping.of(p.config()), "get a new one from the identity provider");
            for (SignatureAlgorithm alg : p.config().algorithms()) {
                byAlgorithm.put(JWSAlgorithm.parse(alg.name()), issuer);
            }
        });
        this.provider = provider;
        this.times = new TokenTimes(maxTtl, clock);
    }

    @Override
    public Caller authenticate(String authorizationHeader, String clientName, String clientVersion) {
        return join(authenticateAsync(authorizationHeader, clientName, clientVersion));
    }

    @Override
    public CompletableFuture<Caller> authenticateAsync(
            String authorizationHeader, String clientName, String clientVersion) {
        try {
            String token = Credentials.bearerToken(authorizationHeader);
            return claims(token)
                    .thenApply(c -> new Caller(c.tenant(), c.principal(), c.scopes(), clientName, clientVersion));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Returns the claims of a valid token, or throws UNAUTHENTICATED saying why it is not. */
    TokenClaims verify(String token) {
        return join(claims(token));
    }

    @Override
    public void close() {
        provider.ifPresent(p -> p.keys().close());
    }

    /** Verifies {@code token}, once more after the key set was read again if its kid was unknown. */
    private CompletableFuture<TokenClaims> claims(String token) {
        return switch (verify(token, true)) {
            case Verified v -> CompletableFuture.completedFuture(v.claims());
            case AwaitingKeys a ->
                a.done().handle((ignored, e) -> switch (verify(token, false)) {
                    case Verified v -> v.claims();
                    case AwaitingKeys again -> throw new IllegalStateException("refetched the key set twice");
                });
        };
    }

    private Verification verify(String token, boolean mayRefetch) {
        if (token.indexOf(':') >= 0) { // ':' is outside base64url, so this is the <tenant-uuid>:<principal> form
            throw unauthenticated("dev tokens (<tenant-uuid>:<principal>) are not accepted when auth.mode = jwt;"
                    + " send a signed token from afs-server token issue");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw unauthenticated("the bearer token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        CompactJws jws = CompactJws.parse(token);
        JWSAlgorithm alg = algorithm(jws.header());
        if (jws.header().has("crit")) {
            throw unauthenticated("the token's header has crit extensions, which this server does not support");
        }
        String kid = jws.header().path("kid").textValue();
        if (kid == null) {
            throw unauthenticated("the token's header has no kid naming its signing key");
        }
        Issuer issuer = byAlgorithm.get(alg);
        return switch (issuer.keys().find(kid, alg, mayRefetch)) {
            case KeyLookup.Found f -> new Verified(verified(jws, f.verifier(), kid, issuer));
            case KeyLookup.Refused r -> throw unauthenticated(r.reason());
            case KeyLookup.Refetching r -> new AwaitingKeys(r.done());
        };
    }

    /** Checks the signature, then reads the payload with the issuer's mapping and checks its times. */
    private TokenClaims verified(CompactJws jws, JWSVerifier verifier, String kid, Issuer issuer) {
        checkSignature(jws, verifier, kid);
        JsonNode payload = jws.payload();
        TokenClaims claims = issuer.claims().decode(payload);
        times.check(claims, payload, issuer.renewal());
        return claims;
    }

    /** Returns the token's algorithm if it is accepted here; {@code none} and every other is refused first. */
    private JWSAlgorithm algorithm(JsonNode header) {
        String alg = header.path("alg").textValue();
        for (JWSAlgorithm accepted : byAlgorithm.keySet()) {
            if (accepted.getName().equals(alg)) {
                return accepted;
            }
        }
        List<String> names =
                byAlgorithm.keySet().stream().map(JWSAlgorithm::getName).toList();
        throw unauthenticated("the token's alg is " + JwtClaims.shown(alg) + "; "
                + (names.size() == 1 ? "only " + names.getFirst() + " is" : String.join(", ", names) + " are")
                + " accepted");
    }

    private static void checkSignature(CompactJws jws, JWSVerifier verifier, String kid) {
        boolean valid;
        try {
            valid = verifier.verify(jws.joseHeader(), jws.signingInput(), jws.signature());
        } catch (JOSEException e) {
            valid = false; // e.g. an ECDSA signature of the wrong length
        }
        if (!valid) {
            throw unauthenticated("the token's signature does not verify with key " + JwtClaims.shown(kid)
                    + ": the token was altered, or signed with another key under the same kid");
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
