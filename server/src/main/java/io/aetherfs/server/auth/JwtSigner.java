package io.aetherfs.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import io.aetherfs.server.config.HmacKey;
import java.text.ParseException;

/**
 * Signs {@link TokenClaims} into a compact JWS with HS256 under one key of {@code auth.hmac_keys},
 * named in the header's {@code kid} (spec §3.1); used by {@code afs-server token issue}. The header and
 * claims are written in a fixed member order, so equal claims give equal tokens. Thread-safe.
 */
public final class JwtSigner {
    private final String kid;
    private final MACSigner signer;
    private final JWSHeader header;

    /** Creates a signer with {@code key}; the configuration's first key is the one meant to sign. */
    public JwtSigner(HmacKey key) {
        this.kid = key.kid();
        try {
            this.signer = new MACSigner(key.key());
            // Parsed from our own JSON, the header keeps that text (alg, typ, kid) when serialized.
            this.header = JWSHeader.parse(Base64URL.encode(json(JwtClaims.JSON
                    .createObjectNode()
                    .put("alg", "HS256")
                    .put("typ", "JWT")
                    .put("kid", kid))));
        } catch (JOSEException | ParseException e) {
            throw new IllegalArgumentException("cannot sign with the key " + kid + ": " + e.getMessage(), e);
        }
    }

    /** Returns the key id this signer puts in every header. */
    public String kid() {
        return kid;
    }

    /** Returns the signed token {@code header.payload.signature}. */
    public String sign(TokenClaims claims) {
        JWSObject jws = new JWSObject(header, new Payload(Base64URL.encode(json(JwtClaims.encode(claims)))));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with HS256", e);
        }
        return jws.serialize();
    }

    private static String json(JsonNode node) {
        try {
            return JwtClaims.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write token JSON", e);
        }
    }
}
