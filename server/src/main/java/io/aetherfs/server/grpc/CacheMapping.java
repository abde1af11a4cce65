package io.aetherfs.server.grpc;

import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.CacheEntry;
import io.aetherfs.proto.v1.CacheEntryMetadata;
import io.aetherfs.proto.v1.CacheEntryWrite;
import io.aetherfs.proto.v1.CacheStats;
import io.aetherfs.service.cache.CacheMetadata;
import io.aetherfs.service.cache.CacheWrite;

/** Converts knowledge-cache values between the service layer and {@code aetherfs.v1} messages. */
final class CacheMapping {
    private CacheMapping() {}

    static CacheEntryMetadata metadata(CacheMetadata m) {
        CacheEntryMetadata.Builder b = CacheEntryMetadata.newBuilder()
                .setKey(m.key())
                .setContentType(m.contentType())
                .setVersion(m.version())
                .setSize(m.size())
                .setCreatedAt(ProtoTimes.of(m.createdAt()))
                .setUpdatedAt(ProtoTimes.of(m.updatedAt()))
                .setUpdatedBy(m.updatedBy());
        if (m.ttlSeconds() != null) {
            b.setTtlSeconds(m.ttlSeconds());
        }
        if (m.expiresAt() != null) {
            b.setExpiresAt(ProtoTimes.of(m.expiresAt()));
        }
        return b.build();
    }

    static CacheEntry entry(io.aetherfs.service.cache.CacheEntry e) {
        CacheEntryMetadata m = metadata(e.metadata());
        CacheEntry.Builder b = CacheEntry.newBuilder()
                .setKey(m.getKey())
                .setValue(ByteString.copyFrom(e.value()))
                .setContentType(m.getContentType())
                .setVersion(m.getVersion())
                .setSize(m.getSize())
                .setCreatedAt(m.getCreatedAt())
                .setUpdatedAt(m.getUpdatedAt())
                .setUpdatedBy(m.getUpdatedBy())
                .setTtlSeconds(m.getTtlSeconds());
        if (m.hasExpiresAt()) {
            b.setExpiresAt(m.getExpiresAt());
        }
        return b.build();
    }

    static CacheStats stats(io.aetherfs.service.cache.CacheStats s) {
        return CacheStats.newBuilder()
                .setEntryCount(s.entryCount())
                .setTotalBytes(s.totalBytes())
                .setMaxValueBytes(s.maxValueBytes())
                .setHitCount(s.hitCount())
                .setMissCount(s.missCount())
                .build();
    }

    /** Returns one write; a TTL of 0 means none, and an unset expected version means no check. */
    static CacheWrite write(String key, ByteString value, String contentType, long ttlSeconds, Long expectedVersion) {
        return new CacheWrite(
                key,
                value.toByteArray(),
                Wire.optional(contentType),
                ttlSeconds == 0 ? null : ttlSeconds,
                expectedVersion);
    }

    static CacheWrite write(CacheEntryWrite w) {
        return write(
                w.getKey(),
                w.getValue(),
                w.getContentType(),
                w.getTtlSeconds(),
                w.hasExpectedVersion() ? w.getExpectedVersion() : null);
    }
}
