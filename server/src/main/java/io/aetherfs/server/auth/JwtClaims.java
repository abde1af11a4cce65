package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The JSON of signed tokens: writes {@link TokenClaims} as the claims set of spec §3.1, and reads the
 * JSON parts and time claims of any token strictly, rejecting with UNAUTHENTICATED. Values from a token
 * appear in messages only when they are short printable ASCII, and the token itself never does.
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

    /** Returns the whole seconds since the epoch of a time claim, or throws UNAUTHENTICATED. */
    static Instant seconds(JsonNode payload, String claim, String meaning) {
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
