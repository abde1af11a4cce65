package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.config.IdentityProvider;
import java.util.Optional;

/**
 * How the verified claims set of a token becomes {@link TokenClaims}: the {@code iss} (and, if set,
 * {@code aud}) it must carry, and the claims that hold the tenant, the principal and the scopes.
 * {@link #NATIVE} reads afs-server's own tokens (spec §3.1); an identity provider's mapping comes from
 * {@code [auth.claims]}. A claim name starting with '/' is a JSON Pointer into the claims set.
 */
record ClaimMapping(
        String issuer,
        Optional<String> audience,
        String tenantClaim,
        Optional<TenantId> fixedTenant,
        String principalClaim,
        ScopeMapping scopes) {
    /** The claims of tokens from {@code afs-server token issue}: iss, tenant, sub, scopes. */
    static final ClaimMapping NATIVE = new ClaimMapping(
            TokenClaims.ISSUER, Optional.empty(), "tenant", Optional.empty(), "sub", ScopeMapping.CANONICAL);

    /** Returns the mapping an identity provider's configuration describes. */
    static ClaimMapping of(IdentityProvider idp) {
        IdentityProvider.Claims c = idp.claims();
        return new ClaimMapping(
                idp.issuer(),
                idp.audience(),
                c.tenant(),
                c.fixedTenant(),
                c.principal(),
                ScopeMapping.of(c.scopes(), c.scopePrefix(), c.scopeMap()));
    }

    /** Returns the claims of a verified payload, or throws UNAUTHENTICATED naming the first bad claim. */
    TokenClaims decode(JsonNode payload) {
        if (!issuer.equals(payload.path("iss").textValue())) {
            throw unauthenticated("the token's iss claim must be \"" + issuer + "\"");
        }
        audience.ifPresent(aud -> checkAudience(payload.get("aud"), aud));
        TenantId tenant = fixedTenant.orElseGet(() -> tenant(claim(payload, tenantClaim)));
        JsonNode principal = claim(payload, principalClaim);
        String p = principal == null ? null : principal.textValue();
        if (!Credentials.isValidPrincipal(p)) {
            throw unauthenticated(
                    "the token's " + principalClaim + " claim (the principal) must be " + Credentials.principalRule());
        }
        return new TokenClaims(
                tenant,
                p,
                scopes.read(claim(payload, scopes.claim())),
                JwtClaims.seconds(payload, "iat", "the time it was issued"),
                JwtClaims.seconds(payload, "exp", "when it expires; every token must expire"));
    }

    private TenantId tenant(JsonNode node) {
        String tenant = node == null ? null : node.textValue();
        if (!TenantId.isValid(tenant)) {
            throw unauthenticated("the token's " + tenantClaim + " claim must be a canonical UUID");
        }
        return TenantId.parse(tenant);
    }

    /** {@code aud} is one string or an array of strings (RFC 7519 §4.1.3); one of them must match. */
    private static void checkAudience(JsonNode aud, String expected) {
        boolean named = aud != null && expected.equals(aud.textValue());
        if (aud != null && aud.isArray()) {
            for (JsonNode a : aud) {
                named |= expected.equals(a.textValue());
            }
        }
        if (!named) {
            throw unauthenticated("the token's aud claim must name \"" + expected + "\"");
        }
    }

    /** Returns the claim of that name or JSON Pointer, or null when absent. */
    static JsonNode claim(JsonNode payload, String name) {
        JsonNode node = name.startsWith("/") ? payload.at(JsonPointer.compile(name)) : payload.get(name);
        return node == null || node.isMissingNode() ? null : node;
    }
}
