package io.aetherfs.service.cache;

import java.time.Instant;

/**
 * A knowledge-cache entry without its value (spec §6.9 {@code CacheEntryMetadata}); also the stored
 * record of the entry, apart from the value.
 *
 * @param key the key
 * @param contentType the value's content type ({@code application/octet-stream} unless the writer said)
 * @param version 1 on the first write, +1 per write
 * @param size the value's length in bytes
 * @param ttlSeconds the time to live the last write gave, or null
 * @param expiresAt when the entry expires ({@code updatedAt + ttlSeconds}), or null
 */
public record CacheMetadata(
        String key,
        String contentType,
        long version,
        long size,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy,
        Long ttlSeconds,
        Instant expiresAt) {

    /** Returns whether the entry is still readable at {@code now}: an expired entry is NOT_FOUND at once. */
    public boolean liveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
