package io.aetherfs.service.sources;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.spi.JobId;
import java.time.Instant;

/**
 * An immutable revision of a source (spec §6.15): the stored tree {@code root} (a live root for garbage
 * collection, {@link io.aetherfs.core.engine.StoredLayout#revisions}) with its fingerprint and statistics.
 */
public record Revision(
        RevisionId id,
        SourceId sourceId,
        Hash root,
        String fingerprint,
        long fileCount,
        long totalBytes,
        RevisionOrigin origin,
        JobId jobId,
        String gitCommit,
        String promotedFromSessionId,
        String description,
        Instant createdAt) {}
