package io.aetherfs.service.sources;

import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.UploadId;
import io.aetherfs.core.tree.Content;
import java.time.Instant;

/**
 * An uploaded archive (spec §6.15): its bytes are stored as content extents ({@code content}, kept alive
 * for garbage collection by {@link io.aetherfs.core.engine.StoredLayout#uploads}) until it expires.
 */
public record Upload(
        UploadId id,
        SourceId sourceId,
        UploadFormat format,
        long sizeBytes,
        String sha256,
        Content content,
        Instant createdAt,
        Instant expiresAt) {}
