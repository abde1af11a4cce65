package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Scope;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON of signed tokens: writes {@link TokenClaims} as the claims set, and reads a claims set back,
 * rejecting anything but the exact shape of spec §3.1 with UNAUTHENTICATED. Values from a token appear
 * in messages only when they are short printable ASCII, and the token itself never does.
 */
final class JwtClaims {
    /** Duplicate members are refused: two {@code exp} claims must not mean whichever a parser picks. */
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Pattern SHOWABLE = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private JwtClaims() {}

    /** Returns the claims set of {@code claims}: iss, tenant, sub, scopes, iat, exp. */
    static ObjectNode encode(TokenClaims claims) {
        ObjectNode node = JSON.createObjectNode()
                .put("iss", TokenClaims.ISSUER)
                .put("tenant", claims.tenant().value())
                .put("sub", claims.principal());
        var scopes = node.putArray("scopes");
        claims.scopes().forEach(s -> scopes.add(s.wireName()));
        return node.put("iat", claims.issuedAt().getEpochSecond())
                .put("exp", claims.expiresAt().getEpochSecond());
    }

    /** Returns the claims of a verified payload, or throws UNAUTHENTICATED naming the first bad claim. */
    static TokenClaims decode(JsonNode payload) {
        if (!TokenClaims.ISSUER.equals(payload.path("iss").textValue())) {
            throw unauthenticated("the token's iss claim must be \"" + TokenClaims.ISSUER + "\"");
        }
        String tenant = payload.path("tenant").textValue();
        if (!TenantId.isValid(tenant)) {
            throw unauthenticated("the token's tenant claim must be a canonical UUID");
        }
        String principal = payload.path("sub").textValue();
        if (!Credentials.isValidPrincipal(principal)) {
            throw unauthenticated("the token's sub claim (the principal) must be " + Credentials.principalRule());
        }
        return new TokenClaims(
                TenantId.parse(tenant),
                principal,
                scopes(payload.get("scopes")),
                seconds(payload, "iat", "the time it was issued"),
                seconds(payload, "exp", "when it expires; every token must expire"));
    }

    /** Parses one JSON part of a token; it must be an object. */
    static JsonNode parseObject(byte[] json, String part) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw unauthenticated("the token's " + part + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw unauthenticated("the token's " + part + " is not a JSON object");
        }
        return node;
    }

    /** Returns {@code value} quoted when it is safe to show (short printable ASCII), else a placeholder. */
    static String shown(String value) {
        return value != null && SHOWABLE.matcher(value).matches()
                ? "\"" + value + "\""
                : "(not shown: not short printable ASCII)";
    }

    private static Set<Scope> scopes(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw unauthenticated("the token's scopes claim must be an array of scope names");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw unauthenticated("the token's scopes claim must contain only strings");
            }
            Scope scope = Scope.parse(item.textValue())
                    .orElseThrow(() -> unauthenticated("the token's scopes claim names the unknown scope "
                            + shown(item.textValue()) + "; only the 14 canonical scope names are accepted"
                            + " (tenant.session.read, ..., tenant.admin, cluster.admin)"));
            scopes.add(scope);
        }
        return scopes;
    }

    private static Instant seconds(JsonNode payload, String claim, String meaning) {
        JsonNode node = payload.get(claim);
        if (node == null) {
            throw unauthenticated("the token has no " + claim + " claim (" + meaning + ")");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw unauthenticated("the token's " + claim + " claim must be whole seconds since the epoch");
        }
        try {
            return Instant.ofEpochSecond(node.longValue());
        } catch (java.time.DateTimeException e) {
            throw unauthenticated("the token's " + claim + " claim is out of range");
        }
    }
}
