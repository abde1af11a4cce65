package io.aetherfs.service.secrets;

import io.aetherfs.core.model.Hash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys secrets are sealed with (spec §8.13, {@code secrets.master_key}): the current key seals
 * every write, and any key of the ring opens the values it sealed, found by the key id stored with each
 * value. A key id is derived from the key itself (16 hex digits of a SHA-256 over a label and the key),
 * so rotating means configuring the new key first and keeping the old one until every value is
 * rewritten. {@link #toString()} shows key ids only.
 */
public final class SecretKeys {
    /** Bytes in an AES-256 key. */
    public static final int KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private SecretKeys(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /** Returns a ring whose first key seals and all of whose keys open. */
    public static SecretKeys of(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a secret key ring needs at least one key");
        }
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        for (byte[] k : keys) {
            if (k.length != KEY_BYTES) {
                throw new IllegalArgumentException("a secrets master key must be " + KEY_BYTES + " bytes");
            }
            ring.putIfAbsent(idOf(k), new SecretKeySpec(k.clone(), "AES"));
        }
        return new SecretKeys(ring.keySet().iterator().next(), Map.copyOf(ring));
    }

    /** Returns a ring of one master key. */
    public static SecretKeys of(byte[] masterKey) {
        return of(List.of(masterKey));
    }

    /**
     * Returns a ring of one random key: for tests and tools over throwaway stores, whose secrets need not
     * outlive the process.
     */
    public static SecretKeys random() {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        return of(k);
    }

    /** Returns the id of the key that seals new values. */
    public String currentId() {
        return currentId;
    }

    /** Returns the key that seals new values. */
    SecretKey current() {
        return keys.get(currentId);
    }

    /** Returns the key with this id, if the ring has it. */
    Optional<SecretKey> find(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    private static String idOf(byte[] key) {
        byte[] label = "aetherfs secret key id\0".getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(label, label.length + key.length);
        System.arraycopy(key, 0, input, label.length, key.length);
        return Hash.of(input).hex().substring(0, 16);
    }

    @Override
    public String toString() {
        return "SecretKeys[current=" + currentId + ", ids=" + keys.keySet() + "]";
    }
}
