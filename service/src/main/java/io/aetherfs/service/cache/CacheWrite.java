package io.aetherfs.service.cache;

/**
 * One write of a knowledge-cache entry: a set, a compare-and-set or an entry of a batch set.
 *
 * @param key the raw key (checked by the service)
 * @param value the value (null is empty)
 * @param contentType the content type, or null for {@code application/octet-stream}
 * @param ttlSeconds seconds to live, or null (or 0) for no expiry
 * @param expectedVersion the version the entry must have (0: it must not exist), or null for no check
 */
public record CacheWrite(String key, byte[] value, String contentType, Long ttlSeconds, Long expectedVersion) {
    public CacheWrite {
        value = value == null ? new byte[0] : value;
    }
}
