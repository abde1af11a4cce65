package io.aetherfs.service.collab;

import io.aetherfs.core.model.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret of a collaboration lock (spec §8.9): handed to the holder once, when the lock is taken, and
 * presented by whoever may change the paths the lock covers. Only its SHA-256 is stored, and it never
 * prints, so it cannot reach a log, an event or an error message.
 */
public record LockToken(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public LockToken {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a lock token is not empty");
        }
    }

    /** Returns the token a request carried, or null when it carried none (absent or empty). */
    public static LockToken of(String raw) {
        return raw == null || raw.isEmpty() ? null : new LockToken(raw);
    }

    /** Returns a fresh, unguessable token: 256 random bits. */
    static LockToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new LockToken("lkt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Returns the form a lock stores: the lowercase hex SHA-256 of the token. */
    String digest() {
        return Hash.of(value.getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** Returns whether this is the token whose digest is {@code digest}, in time independent of where they differ. */
    boolean matches(String digest) {
        return MessageDigest.isEqual(
                digest().getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "LockToken[hidden]";
    }
}
