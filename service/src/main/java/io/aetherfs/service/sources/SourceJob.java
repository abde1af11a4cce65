package io.aetherfs.service.sources;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.UploadId;
import io.aetherfs.core.spi.JobId;
import java.time.Instant;

/**
 * The stored record of a source job (spec §6.15) with its live progress, and what it works from: the
 * {@code uploadId} or {@code ref} of an import, the session tree {@code promotedRoot} of a promotion.
 */
public record SourceJob(
        JobId id,
        SourceId sourceId,
        JobKind kind,
        JobState state,
        long bytesProcessed,
        long filesProcessed,
        long skippedEntries,
        RevisionId revisionId,
        String errorCode,
        String errorMessage,
        String sessionId,
        String requestedBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        UploadId uploadId,
        String ref,
        Hash promotedRoot,
        String description) {

    /** Returns a copy in RUNNING, started at {@code now}. */
    SourceJob running(Instant now) {
        return new SourceJob(
                id,
                sourceId,
                kind,
                JobState.RUNNING,
                bytesProcessed,
                filesProcessed,
                skippedEntries,
                revisionId,
                null,
                null,
                sessionId,
                requestedBy,
                createdAt,
                now,
                null,
                uploadId,
                ref,
                promotedRoot,
                description);
    }

    /** Returns a copy with progress counters. */
    SourceJob progress(long bytes, long files, long skipped) {
        return new SourceJob(
                id,
                sourceId,
                kind,
                state,
                bytes,
                files,
                skipped,
                revisionId,
                errorCode,
                errorMessage,
                sessionId,
                requestedBy,
                createdAt,
                startedAt,
                finishedAt,
                uploadId,
                ref,
                promotedRoot,
                description);
    }

    /** Returns a copy that SUCCEEDED with {@code revision}. */
    SourceJob succeeded(RevisionId revision, Instant now) {
        return new SourceJob(
                id,
                sourceId,
                kind,
                JobState.SUCCEEDED,
                bytesProcessed,
                filesProcessed,
                skippedEntries,
                revision,
                null,
                null,
                sessionId,
                requestedBy,
                createdAt,
                startedAt,
                now,
                uploadId,
                ref,
                promotedRoot,
                description);
    }

    /** Returns a copy that FAILED with {@code code}. */
    SourceJob failed(String code, String message, Instant now) {
        return new SourceJob(
                id,
                sourceId,
                kind,
                JobState.FAILED,
                bytesProcessed,
                filesProcessed,
                skippedEntries,
                null,
                code,
                message,
                sessionId,
                requestedBy,
                createdAt,
                startedAt,
                now,
                uploadId,
                ref,
                promotedRoot,
                description);
    }
}
