package io.aetherfs.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The compact JWS primitives of HS256 (RFC 7515, RFC 7518 §3.2) that signing and verification share:
 * unpadded base64url, the HMAC-SHA256 of the signing input, and a constant-time comparison.
 */
final class Jws {
    /** The only {@code alg} accepted. */
    static final String ALG = "HS256";

    private static final String MAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Jws() {}

    /** Returns {@code key} ready for {@link #sign}. */
    static SecretKeySpec macKey(byte[] key) {
        return new SecretKeySpec(key, MAC);
    }

    /** Returns the unpadded base64url encoding of {@code bytes}. */
    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
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

    /** Returns the HMAC-SHA256 of the signing input {@code header.payload}. */
    static byte[] sign(SecretKeySpec key, String signingInput) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Returns whether {@code signature} is the signature of {@code signingInput}, in constant time. */
    static boolean verify(SecretKeySpec key, String signingInput, byte[] signature) {
        return MessageDigest.isEqual(sign(key, signingInput), signature);
    }
}
