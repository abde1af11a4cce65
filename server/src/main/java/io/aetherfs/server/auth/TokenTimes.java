package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time rules of every signed token (spec §3.1): {@code exp} after {@code iat}, a lifetime of at
 * most {@code auth.max_token_ttl_secs}, not issued (nor valid from, {@code nbf}) more than
 * {@link #CLOCK_SKEW} ahead of this server's clock, and not expired. The skew allows for an issuing
 * host whose clock runs slightly ahead; {@code exp} is enforced without any allowance.
 */
record TokenTimes(Duration maxTtl, Clock clock) {
    /** How far in the future {@code iat} and {@code nbf} may be. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /**
     * Throws UNAUTHENTICATED when the token's times break a rule.
     *
     * @param renewal how to get a new token, for the expiry message
     */
    void check(TokenClaims claims, JsonNode payload, String renewal) {
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
        if (payload.has("nbf")) {
            Instant nbf = JwtClaims.seconds(payload, "nbf", "the time it becomes valid");
            if (nbf.isAfter(now.plus(CLOCK_SKEW))) {
                throw unauthenticated("the token is not valid before " + nbf + " (nbf)");
            }
        }
        if (!now.isBefore(exp)) {
            throw unauthenticated("the token expired at " + exp + "; " + renewal);
        }
    }
}
