package io.aetherfs.server.config;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * One entry of {@code auth.hmac_keys}: a key id ({@code kid}, named in every token's header) and the
 * HMAC-SHA256 key it names (spec §3.1). Its {@link #toString()} never shows the key.
 */
public record HmacKey(String kid, byte[] key) {
    /** The shortest key accepted: HS256 keys shorter than the hash are weak. */
    public static final int MIN_KEY_BYTES = 32;

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public HmacKey {
        if (kid == null || !KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("a kid is 1-64 letters, digits, '.', '_' or '-'");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the key of " + kid + " must be at least " + MIN_KEY_BYTES
                    + " bytes after base64 decoding (it is " + key.length + "); make one with"
                    + " `head -c 32 /dev/urandom | base64`");
        }
        key = key.clone();
    }

    /** Parses {@code kid:base64key}; failures never repeat the key. */
    static HmacKey parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected kid:base64key");
        }
        String kid = text.substring(0, colon);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of " + kid + " is not valid base64");
        }
        return new HmacKey(kid, key);
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
        return o instanceof HmacKey h && h.kid.equals(kid) && Arrays.equals(h.key, key);
    }

    @Override
    public int hashCode() {
        return kid.hashCode() * 31 + Arrays.hashCode(key);
    }
}
