package io.aetherfs.service.sources;

import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.spi.JobId;
import java.time.Instant;
import java.util.Map;

/**
 * The stored record of a source (spec §6.15): what it is, where its content comes from, its status and
 * newest revision, and {@code eventSeq}, the last sequence of its event stream.
 */
public record Source(
        SourceId id,
        String displayName,
        SourceKind kind,
        SourceStatus status,
        Origin origin,
        Map<String, String> labels,
        RevisionId latestRevisionId,
        JobId lastJobId,
        String errorCode,
        String errorMessage,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        long eventSeq) {
    public Source {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Where the content comes from: {@code url}/{@code ref}/{@code credentialsSecretName} for git, {@code hostPath}. */
    public record Origin(String url, String ref, String credentialsSecretName, String hostPath) {
        public static final Origin NONE = new Origin(null, null, null, null);
    }

    /** Returns a copy in another status with the given error (null when not FAILED). */
    public Source withStatus(SourceStatus s, String code, String message, Instant now) {
        return new Source(
                id,
                displayName,
                kind,
                s,
                origin,
                labels,
                latestRevisionId,
                lastJobId,
                code,
                message,
                createdBy,
                createdAt,
                now,
                eventSeq);
    }

    /** Returns a copy with another name and labels. */
    public Source withSettings(String name, Map<String, String> newLabels, Instant now) {
        return new Source(
                id,
                name,
                kind,
                status,
                origin,
                newLabels,
                latestRevisionId,
                lastJobId,
                errorCode,
                errorMessage,
                createdBy,
                createdAt,
                now,
                eventSeq);
    }

    /** Returns a copy naming another newest revision. */
    public Source withLatest(RevisionId revision, Instant now) {
        return new Source(
                id,
                displayName,
                kind,
                status,
                origin,
                labels,
                revision,
                lastJobId,
                errorCode,
                errorMessage,
                createdBy,
                createdAt,
                now,
                eventSeq);
    }

    /** Returns a copy naming another last job. */
    public Source withLastJob(JobId job, Instant now) {
        return new Source(
                id,
                displayName,
                kind,
                status,
                origin,
                labels,
                latestRevisionId,
                job,
                errorCode,
                errorMessage,
                createdBy,
                createdAt,
                now,
                eventSeq);
    }

    /** Returns a copy whose event stream ends at {@code seq}. */
    Source withEventSeq(long seq) {
        return new Source(
                id,
                displayName,
                kind,
                status,
                origin,
                labels,
                latestRevisionId,
                lastJobId,
                errorCode,
                errorMessage,
                createdBy,
                createdAt,
                updatedAt,
                seq);
    }
}
