package io.aetherfs.service.cache;

import io.aetherfs.core.error.AfsException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The key of a knowledge-cache entry (spec §6.9, §8.10): 1 to {@code limits.max_cache_key_bytes} bytes
 * of UTF-8. {@code keys} and {@code stats} are reserved: those literal route segments win matching, so
 * an entry under either name could never be read over HTTP.
 *
 * @param value the key as the client wrote it
 * @param slot its order-preserving encoding, the id of its records ({@link KeyOrder})
 */
public record CacheKey(String value, String slot) {
    private static final Set<String> RESERVED = Set.of("keys", "stats");

    /** Returns the key {@code raw}; INVALID_ARGUMENT when it is empty, too long or reserved. */
    public static CacheKey parse(String raw, int maxBytes) {
        if (raw == null || raw.isEmpty()) {
            throw AfsException.invalid("a cache key must not be empty");
        }
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw AfsException.invalid(
                    "a cache key has at most " + maxBytes + " bytes of UTF-8; this one has " + bytes.length);
        }
        if (raw.chars().anyMatch(c -> Character.isSurrogate((char) c))
                && !new String(bytes, StandardCharsets.UTF_8).equals(raw)) {
            throw AfsException.invalid("a cache key must be valid UTF-8 (it has an unpaired surrogate)");
        }
        if (RESERVED.contains(raw)) {
            throw AfsException.invalid("\"" + raw + "\" is a reserved cache key (the route segments keys and stats"
                    + " take precedence); choose another name");
        }
        return new CacheKey(raw, KeyOrder.encode(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
