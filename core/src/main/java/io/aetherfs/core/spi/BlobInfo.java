package io.aetherfs.core.spi;

import io.aetherfs.core.model.Hash;
import java.time.Instant;

/** What a blob store knows about one blob: its name, size and last write (or reuse) time. */
public record BlobInfo(Hash hash, long size, Instant lastModified) {}
