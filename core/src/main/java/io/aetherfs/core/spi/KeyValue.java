package io.aetherfs.core.spi;

/** One entry of a metadata store scan. The value array belongs to the caller. */
public record KeyValue(String key, byte[] value) {}
