package io.aetherfs.server.cli;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.auth.Credentials;
import io.aetherfs.server.auth.TokenClaims;
import io.aetherfs.service.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the options of {@code afs-server token issue} and turns them into {@link TokenClaims}; every
 * failure is an IllegalArgumentException whose message names the option and says what is accepted.
 */
final class TokenInputs {
    private static final Pattern TTL = Pattern.compile("([0-9]{1,9})([smhd])");

    private TokenInputs() {}

    /** Returns the claims of a token issued at {@code now}, checking each option and the TTL bound. */
    static TokenClaims claims(
            String tenant, String principal, String scopes, String ttl, Duration maxTtl, Instant now) {
        if (!TenantId.isValid(tenant)) {
            throw new IllegalArgumentException(
                    "--tenant must be a canonical UUID such as 3f0c8a9e-1111-4a5b-9c2d-1234567890ab");
        }
        if (!Credentials.isValidPrincipal(principal)) {
            throw new IllegalArgumentException("--principal must be " + Credentials.principalRule());
        }
        Duration lifetime = ttl(ttl);
        if (lifetime.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("--ttl " + ttl + " (" + lifetime.toSeconds()
                    + " s) is longer than auth.max_token_ttl_secs = " + maxTtl.toSeconds() + "; pass a shorter --ttl");
        }
        Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
        return new TokenClaims(TenantId.parse(tenant), principal, scopes(scopes), issuedAt, issuedAt.plus(lifetime));
    }

    /** Parses a lifetime such as {@code 90s}, {@code 15m}, {@code 24h} or {@code 30d}. */
    static Duration ttl(String text) {
        Matcher m = TTL.matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(
                    "--ttl must be a positive whole number followed by s, m, h or d" + " (e.g. 90s, 15m, 24h, 30d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Parses comma-separated canonical scope names; at least one is needed. */
    static Set<Scope> scopes(String csv) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : csv.split(",", -1)) {
            if (name.isBlank()) {
                continue;
            }
            scopes.add(Scope.parse(name.strip())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--scopes names the unknown scope '" + name.strip() + "'; the scopes are: " + known())));
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("--scopes needs at least one scope name; the scopes are: " + known());
        }
        return scopes;
    }

    private static String known() {
        return Arrays.stream(Scope.values()).map(Scope::wireName).collect(Collectors.joining(", "));
    }
}
