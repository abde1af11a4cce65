package io.aetherfs.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.Chunk;
import io.aetherfs.core.tree.DirEntry;

/**
 * The node-wide caches of immutable stored data, bounded by approximate bytes. Keys always include
 * the tenant, so no cached object is ever shared across tenants.
 */
final class Caches {
    record Key(TenantId tenant, Hash hash) {}

    final Cache<Key, Chunk> chunks;
    final Cache<Key, DirEntry> roots;
    final Cache<Key, Hash> canonical;
    final Cache<Key, byte[]> inlineExtents;
    final Cache<Key, Hash> contentHashes;

    Caches(long chunkBytes, long extentBytes, long canonicalEntries) {
        chunks = Caffeine.newBuilder()
                .maximumWeight(chunkBytes)
                .weigher((Key k, Chunk c) -> 96 + c.size() * 160)
                .build();
        roots = Caffeine.newBuilder().maximumSize(100_000).build();
        canonical = Caffeine.newBuilder().maximumSize(canonicalEntries).build();
        inlineExtents = Caffeine.newBuilder()
                .maximumWeight(extentBytes)
                .weigher((Key k, byte[] b) -> 64 + b.length)
                .build();
        contentHashes = Caffeine.newBuilder().maximumSize(100_000).build();
    }
}
