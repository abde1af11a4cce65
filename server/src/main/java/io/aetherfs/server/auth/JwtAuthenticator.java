package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code auth.mode = jwt} authenticator (spec §3.1): accepts a compact JWS with {@code alg} exactly
 * HS256, signed by the key of {@code auth.hmac_keys} its {@code kid} names (any configured key, so keys
 * can rotate), carrying the claims {@link JwtClaims} reads, unexpired, and living at most
 * {@code auth.max_token_ttl_secs}. The caller holds exactly the token's scopes. Every rejection is
 * UNAUTHENTICATED with a message saying what to fix; the token never appears in it.
 *
 * <p>Clock skew: a token whose {@code iat} is up to {@link #CLOCK_SKEW} in the future is accepted, since
 * the issuing host's clock may run slightly ahead. {@code exp} is enforced without any allowance.
 */
public final class JwtAuthenticator implements Authenticator {
    /** How far in the future {@code iat} may be. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** The longest token read; real ones are a few hundred characters. */
    static final int MAX_TOKEN_CHARS = 8192;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final Duration maxTtl;
    private final Clock clock;

    /** Creates an authenticator accepting tokens signed by any of {@code keys} (at least one, distinct kids). */
    public JwtAuthenticator(List<HmacKey> keys, Duration maxTtl, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("auth.mode = jwt needs at least one key in auth.hmac_keys");
        }
        for (HmacKey k : keys) {
            if (this.keys.put(k.kid(), Jws.macKey(k.key())) != null) {
                throw new IllegalArgumentException("auth.hmac_keys names the kid " + k.kid() + " twice");
            }
        }
        this.maxTtl = maxTtl;
        this.clock = clock;
    }

    @Override
    public Caller authenticate(String authorizationHeader, String clientName, String clientVersion) {
        TokenClaims claims = verify(Credentials.bearerToken(authorizationHeader));
        return new Caller(claims.tenant(), claims.principal(), claims.scopes(), clientName, clientVersion);
    }

    /** Returns the claims of a valid token, or throws UNAUTHENTICATED saying why it is not. */
    TokenClaims verify(String token) {
        if (token.indexOf(':') >= 0) { // ':' is outside base64url, so this is the <tenant-uuid>:<principal> form
            throw unauthenticated("dev tokens (<tenant-uuid>:<principal>) are not accepted when auth.mode = jwt;"
                    + " send a signed token from afs-server token issue");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw unauthenticated("the bearer token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw unauthenticated("the bearer token is not a JWT: expected three base64url parts separated by '.'");
        }
        JsonNode header = JwtClaims.parseObject(part(parts[0], "header"), "header");
        SecretKeySpec key = keyOf(header);
        byte[] signature = part(parts[2], "signature");
        if (!Jws.verify(key, parts[0] + "." + parts[1], signature)) {
            throw unauthenticated("the token's signature does not verify with key "
                    + JwtClaims.shown(header.path("kid").textValue())
                    + ": the token was altered, or signed with another key under the same kid");
        }
        TokenClaims claims = JwtClaims.decode(JwtClaims.parseObject(part(parts[1], "payload"), "payload"));
        checkTimes(claims);
        return claims;
    }

    private SecretKeySpec keyOf(JsonNode header) {
        String alg = header.path("alg").textValue();
        if (!Jws.ALG.equals(alg)) {
            throw unauthenticated("the token's alg is " + JwtClaims.shown(alg) + "; only " + Jws.ALG + " is accepted");
        }
        if (header.has("crit")) {
            throw unauthenticated("the token's header has crit extensions, which this server does not support");
        }
        String kid = header.path("kid").textValue();
        if (kid == null) {
            throw unauthenticated("the token's header has no kid naming its signing key");
        }
        SecretKeySpec key = keys.get(kid);
        if (key == null) {
            throw unauthenticated("unknown kid " + JwtClaims.shown(kid)
                    + ": no key of auth.hmac_keys has that id (was it rotated out?); issue a new token");
        }
        return key;
    }

    private void checkTimes(TokenClaims claims) {
        Instant iat = claims.issuedAt();
        Instant exp = claims.expiresAt();
        if (!exp.isAfter(iat)) {
            throw unauthenticated("the token's exp (" + exp + ") is not after its iat (" + iat + ")");
        }
        long lifetime = Duration.between(iat, exp).toSeconds();
        if (lifetime > maxTtl.toSeconds()) {
            throw unauthenticated("the token lives " + lifetime + " s (exp - iat), more than auth.max_token_ttl_secs = "
                    + maxTtl.toSeconds() + "; issue a shorter-lived token");
        }
        Instant now = clock.instant();
        if (iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw unauthenticated("the token was issued in the future (iat " + iat + ", more than "
                    + CLOCK_SKEW.toSeconds() + " s ahead of this server's clock); check the clocks");
        }
        if (!now.isBefore(exp)) {
            throw unauthenticated("the token expired at " + exp + "; issue a new one with afs-server token issue");
        }
    }

    private static byte[] part(String text, String name) {
        byte[] bytes = Jws.decode(text);
        if (bytes == null) {
            throw unauthenticated("the token's " + name + " is not valid unpadded base64url");
        }
        return bytes;
    }
}
