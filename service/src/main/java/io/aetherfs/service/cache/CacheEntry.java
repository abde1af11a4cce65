package io.aetherfs.service.cache;

/** A knowledge-cache entry with its value (spec §6.9 {@code CacheEntry}). */
public record CacheEntry(CacheMetadata metadata, byte[] value) {}
