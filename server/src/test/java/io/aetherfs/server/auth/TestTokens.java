package io.aetherfs.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import io.aetherfs.server.config.HmacKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Builds tokens for tests, including malformed ones: any header, any claims, any key. */
final class TestTokens {
    static final String TENANT = "0b9c3c1e-5a7f-4d2e-9c11-2f4b6a8d0e13";

    private TestTokens() {}

    /** Returns a key of 32 bytes all equal to {@code fill}. */
    static HmacKey key(String kid, int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return new HmacKey(kid, bytes);
    }

    /** Returns the header {"alg":"HS256","typ":"JWT","kid":kid}. */
    static ObjectNode header(String kid) {
        return JwtClaims.JSON
                .createObjectNode()
                .put("alg", "HS256")
                .put("typ", "JWT")
                .put("kid", kid);
    }

    /** Returns valid claims issued at {@code iat} for {@code lifetimeSecs}, with the session and file read scopes. */
    static ObjectNode claims(Instant iat, long lifetimeSecs) {
        ObjectNode c = JwtClaims.JSON
                .createObjectNode()
                .put("iss", "afs-server")
                .put("tenant", TENANT)
                .put("sub", "alice");
        c.putArray("scopes").add("tenant.session.read").add("tenant.filesystem.read");
        return c.put("iat", iat.getEpochSecond()).put("exp", iat.getEpochSecond() + lifetimeSecs);
    }

    /** Returns {@code header.payload.signature} signed with {@code key} (whatever the header says). */
    static String sign(ObjectNode header, ObjectNode claims, HmacKey key) {
        return sign(json(header), json(claims), key);
    }

    /** Returns a token over raw header and payload JSON text, signed with {@code key}. */
    static String sign(String headerJson, String payloadJson, HmacKey key) {
        String input = part(headerJson) + "." + part(payloadJson);
        return input + "." + mac(key, input);
    }

    /** Returns the base64url HMAC-SHA256 of {@code signingInput} under {@code key}, whatever it covers. */
    static String mac(HmacKey key, String signingInput) {
        try {
            return new MACSigner(key.key())
                    .sign(new JWSHeader(JWSAlgorithm.HS256), signingInput.getBytes(StandardCharsets.US_ASCII))
                    .toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the unpadded base64url of UTF-8 {@code text}. */
    static String part(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String json(ObjectNode node) {
        return node.toString();
    }
}
