package io.aetherfs.server.auth;

import static io.aetherfs.server.auth.Credentials.unauthenticated;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;

/**
 * A bearer token split into the three parts of the JWS compact serialization (RFC 7515 §7.1), its
 * header read as strict JSON at once; the signature and payload are decoded only when asked, after the
 * key checks. Every malformation is UNAUTHENTICATED naming the part, and the token never appears.
 */
record CompactJws(String encodedHeader, String encodedPayload, String encodedSignature, JsonNode header) {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Splits {@code token} and reads its header, which must be a JSON object. */
    static CompactJws parse(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw unauthenticated("the bearer token is not a JWT: expected three base64url parts separated by '.'");
        }
        JsonNode header = JwtClaims.parseObject(part(parts[0], "header"), "header");
        return new CompactJws(parts[0], parts[1], parts[2], header);
    }

    /** Returns the header as the JOSE library reads it, for its verifiers. */
    JWSHeader joseHeader() {
        try {
            return JWSHeader.parse(new Base64URL(encodedHeader));
        } catch (ParseException e) {
            throw unauthenticated("the token's header is not a valid JWS header");
        }
    }

    /** Returns the bytes the signature covers: {@code header.payload} as ASCII. */
    byte[] signingInput() {
        return (encodedHeader + "." + encodedPayload).getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns the signature part, checked to be valid unpadded base64url. */
    Base64URL signature() {
        part(encodedSignature, "signature");
        return new Base64URL(encodedSignature);
    }

    /** Returns the payload, which must be a JSON object; read only once the signature verified. */
    JsonNode payload() {
        return JwtClaims.parseObject(part(encodedPayload, "payload"), "payload");
    }

    /**
     * Returns the bytes of an unpadded base64url part, or null when it is empty or uses characters
     * outside the URL-safe alphabet (padding included: compact JWS has none).
     */
    static byte[] decode(String part) {
        if (part.isEmpty()) {
            return null;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        try {
            return DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            return null; // a length no base64 text can have
        }
    }

    private static byte[] part(String text, String name) {
        byte[] bytes = decode(text);
        if (bytes == null) {
            throw unauthenticated("the token's " + name + " is not valid unpadded base64url");
        }
        return bytes;
    }
}
