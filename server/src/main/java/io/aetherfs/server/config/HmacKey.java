package io.aetherfs.server.config;

import java.util.Base64;

/** One entry of {@code auth.hmac_keys}: a key id and the HMAC-SHA256 key it names (spec §3.1). */
public record HmacKey(String kid, byte[] key) {
    /** The shortest key accepted: HS256 keys shorter than the hash are weak. */
    static final int MIN_KEY_BYTES = 32;

    /** Parses {@code kid:base64key}; failures never repeat the key. */
    static HmacKey parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected kid:base64key");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of " + text.substring(0, colon) + " is not valid base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the key of " + text.substring(0, colon) + " must be at least " + MIN_KEY_BYTES + " bytes");
        }
        return new HmacKey(text.substring(0, colon), key);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return kid + ":[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HmacKey h && h.kid.equals(kid) && java.util.Arrays.equals(h.key, key);
    }

    @Override
    public int hashCode() {
        return kid.hashCode() * 31 + java.util.Arrays.hashCode(key);
    }
}
