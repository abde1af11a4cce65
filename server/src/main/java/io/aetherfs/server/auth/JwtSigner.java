package io.aetherfs.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.config.HmacKey;
import java.nio.charset.StandardCharsets;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs {@link TokenClaims} into a compact JWS with HS256 under one key of {@code auth.hmac_keys},
 * named in the header's {@code kid} (spec §3.1); used by {@code afs-server token issue}. Thread-safe.
 */
public final class JwtSigner {
    private final String kid;
    private final SecretKeySpec key;
    private final String encodedHeader;

    /** Creates a signer with {@code key}; the configuration's first key is the one meant to sign. */
    public JwtSigner(HmacKey key) {
        this.kid = key.kid();
        this.key = Jws.macKey(key.key());
        JsonNode header = JwtClaims.JSON
                .createObjectNode()
                .put("alg", Jws.ALG)
                .put("typ", "JWT")
                .put("kid", kid);
        this.encodedHeader = Jws.encode(utf8(header));
    }

    /** Returns the key id this signer puts in every header. */
    public String kid() {
        return kid;
    }

    /** Returns the signed token {@code header.payload.signature}. */
    public String sign(TokenClaims claims) {
        String signingInput = encodedHeader + "." + Jws.encode(utf8(JwtClaims.encode(claims)));
        return signingInput + "." + Jws.encode(Jws.sign(key, signingInput));
    }

    private static byte[] utf8(JsonNode node) {
        try {
            return JwtClaims.JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write token JSON", e);
        }
    }
}
