package io.aetherfs.server.grpc;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.GitBundleOrigin;
import io.aetherfs.proto.v1.GitRemoteOrigin;
import io.aetherfs.proto.v1.LocalfsOrigin;
import io.aetherfs.proto.v1.SourceOrigin;
import io.aetherfs.proto.v1.UploadedSnapshotOrigin;
import io.aetherfs.service.sources.CreateSource;
import io.aetherfs.service.sources.JobState;
import io.aetherfs.service.sources.Revision;
import io.aetherfs.service.sources.Source;
import io.aetherfs.service.sources.SourceEvent;
import io.aetherfs.service.sources.SourceJob;
import io.aetherfs.service.sources.SourceKind;
import io.aetherfs.service.sources.SourceStatus;
import io.aetherfs.service.sources.Upload;
import io.aetherfs.service.sources.UploadFormat;

/** Maps sources, revisions, jobs, uploads and source events (spec §6.15, §6.11) and source requests. */
final class SourceMapping {
    private SourceMapping() {}

    static io.aetherfs.proto.v1.Source source(Source s) {
        var b = io.aetherfs.proto.v1.Source.newBuilder()
                .setId(s.id().value())
                .setDisplayName(Wire.orEmpty(s.displayName()))
                .setKind(EnumMapping.toProto(
                        s.kind(), "UNDERLAY_SOURCE_KIND_", io.aetherfs.proto.v1.UnderlaySourceKind.class))
                .setStatus(EnumMapping.toProto(
                        s.status(), "UNDERLAY_SOURCE_STATUS_", io.aetherfs.proto.v1.UnderlaySourceStatus.class))
                .setOrigin(origin(s))
                .putAllLabels(s.labels())
                .setLatestRevisionId(
                        s.latestRevisionId() == null ? "" : s.latestRevisionId().value())
                .setLastJobId(s.lastJobId() == null ? "" : s.lastJobId().value())
                .setErrorCode(Wire.orEmpty(s.errorCode()))
                .setErrorMessage(Wire.orEmpty(s.errorMessage()))
                .setCreatedBy(Wire.orEmpty(s.createdBy()));
        if (s.createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(s.createdAt()));
        }
        if (s.updatedAt() != null) {
            b.setUpdatedAt(ProtoTimes.of(s.updatedAt()));
        }
        return b.build();
    }

    private static SourceOrigin origin(Source s) {
        Source.Origin o = s.origin();
        return switch (s.kind()) {
            case GIT_REMOTE ->
                SourceOrigin.newBuilder()
                        .setGitRemote(GitRemoteOrigin.newBuilder()
                                .setUrl(Wire.orEmpty(o.url()))
                                .setRef(Wire.orEmpty(o.ref()))
                                .setCredentialsSecretName(Wire.orEmpty(o.credentialsSecretName())))
                        .build();
            case UPLOADED_SNAPSHOT ->
                SourceOrigin.newBuilder()
                        .setUploadedSnapshot(UploadedSnapshotOrigin.getDefaultInstance())
                        .build();
            case LOCALFS ->
                SourceOrigin.newBuilder()
                        .setLocalfs(LocalfsOrigin.newBuilder().setHostPath(Wire.orEmpty(o.hostPath())))
                        .build();
            case GIT_BUNDLE ->
                SourceOrigin.newBuilder()
                        .setGitBundle(GitBundleOrigin.getDefaultInstance())
                        .build();
        };
    }

    static io.aetherfs.proto.v1.Revision revision(Revision r) {
        var b = io.aetherfs.proto.v1.Revision.newBuilder()
                .setRevisionId(r.id().value())
                .setSourceId(r.sourceId().value())
                .setFingerprint(Wire.orEmpty(r.fingerprint()))
                .setFileCount(r.fileCount())
                .setTotalBytes(r.totalBytes())
                .setOrigin(
                        EnumMapping.toProto(r.origin(), "REVISION_ORIGIN_", io.aetherfs.proto.v1.RevisionOrigin.class))
                .setJobId(r.jobId() == null ? "" : r.jobId().value())
                .setGitCommit(Wire.orEmpty(r.gitCommit()))
                .setPromotedFromSessionId(Wire.orEmpty(r.promotedFromSessionId()))
                .setDescription(Wire.orEmpty(r.description()));
        if (r.createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(r.createdAt()));
        }
        return b.build();
    }

    static io.aetherfs.proto.v1.SourceJob job(SourceJob j) {
        var b = io.aetherfs.proto.v1.SourceJob.newBuilder()
                .setJobId(j.id().value())
                .setSourceId(j.sourceId().value())
                .setKind(EnumMapping.toProto(j.kind(), "SOURCE_JOB_KIND_", io.aetherfs.proto.v1.SourceJobKind.class))
                .setState(state(j.state()))
                .setBytesProcessed(j.bytesProcessed())
                .setFilesProcessed(j.filesProcessed())
                .setSkippedEntries(j.skippedEntries())
                .setRevisionId(j.revisionId() == null ? "" : j.revisionId().value())
                .setErrorCode(Wire.orEmpty(j.errorCode()))
                .setErrorMessage(Wire.orEmpty(j.errorMessage()))
                .setSessionId(Wire.orEmpty(j.sessionId()))
                .setRequestedBy(Wire.orEmpty(j.requestedBy()));
        if (j.createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(j.createdAt()));
        }
        if (j.startedAt() != null) {
            b.setStartedAt(ProtoTimes.of(j.startedAt()));
        }
        if (j.finishedAt() != null) {
            b.setFinishedAt(ProtoTimes.of(j.finishedAt()));
        }
        return b.build();
    }

    static io.aetherfs.proto.v1.UnderlayImportJobState state(JobState s) {
        return EnumMapping.toProto(s, "UNDERLAY_IMPORT_JOB_STATE_", io.aetherfs.proto.v1.UnderlayImportJobState.class);
    }

    static io.aetherfs.proto.v1.Upload upload(Upload u) {
        return io.aetherfs.proto.v1.Upload.newBuilder()
                .setUploadId(u.id().value())
                .setSourceId(u.sourceId().value())
                .setFormat(EnumMapping.toProto(u.format(), "ARCHIVE_FORMAT_", io.aetherfs.proto.v1.ArchiveFormat.class))
                .setSizeBytes(u.sizeBytes())
                .setSha256(u.sha256())
                .setCreatedAt(ProtoTimes.of(u.createdAt()))
                .setExpiresAt(ProtoTimes.of(u.expiresAt()))
                .build();
    }

    static io.aetherfs.proto.v1.Event event(SourceEvent e) {
        var b = io.aetherfs.proto.v1.Event.newBuilder()
                .setEventId(e.eventId().value())
                .setSourceId(e.sourceId().value())
                .setSequence(e.sequence())
                .setType(EventMapping.type(e.type()))
                .setPath(Wire.orEmpty(e.path()))
                .setDetails(EventMapping.struct(e.details()));
        if (e.actor() != null) {
            b.setActor(io.aetherfs.proto.v1.Actor.newBuilder()
                    .setPrincipal(Wire.orEmpty(e.actor().principal()))
                    .setClientName(Wire.orEmpty(e.actor().clientName()))
                    .setClientVersion(Wire.orEmpty(e.actor().clientVersion())));
        }
        if (e.occurredAt() != null) {
            b.setOccurredAt(ProtoTimes.of(e.occurredAt()));
        }
        return b.build();
    }

    /** Returns the CreateSource command of a request; the origin member must fit the kind. */
    static CreateSource create(io.aetherfs.proto.v1.CreateSourceRequest r) {
        SourceKind kind = EnumMapping.toCore(r.getKind(), "UNDERLAY_SOURCE_KIND_", SourceKind.class, "kind");
        SourceOrigin o = r.getOrigin();
        SourceKind originKind =
                switch (o.getOriginCase()) {
                    case GIT_REMOTE -> SourceKind.GIT_REMOTE;
                    case UPLOADED_SNAPSHOT -> SourceKind.UPLOADED_SNAPSHOT;
                    case LOCALFS -> SourceKind.LOCALFS;
                    case GIT_BUNDLE -> SourceKind.GIT_BUNDLE;
                    case ORIGIN_NOT_SET -> null;
                };
        Source.Origin origin = new Source.Origin(
                Wire.optional(o.getGitRemote().getUrl()),
                Wire.optional(o.getGitRemote().getRef()),
                Wire.optional(o.getGitRemote().getCredentialsSecretName()),
                Wire.optional(o.getLocalfs().getHostPath()));
        return new CreateSource(Wire.optional(r.getDisplayName()), kind, originKind, origin, r.getLabelsMap());
    }

    static SourceKind kindOrNull(io.aetherfs.proto.v1.UnderlaySourceKind k) {
        return EnumMapping.toCoreOrNull(
                k, "UNDERLAY_SOURCE_KIND_", SourceKind.class, "kind", ErrorCode.INVALID_ARGUMENT);
    }

    static SourceStatus statusOrNull(io.aetherfs.proto.v1.UnderlaySourceStatus s) {
        return EnumMapping.toCoreOrNull(
                s, "UNDERLAY_SOURCE_STATUS_", SourceStatus.class, "status", ErrorCode.INVALID_ARGUMENT);
    }

    static JobState stateOrNull(io.aetherfs.proto.v1.UnderlayImportJobState s) {
        return EnumMapping.toCoreOrNull(
                s, "UNDERLAY_IMPORT_JOB_STATE_", JobState.class, "state", ErrorCode.INVALID_ARGUMENT);
    }

    /** Returns the upload format; required. */
    static UploadFormat format(io.aetherfs.proto.v1.ArchiveFormat f) {
        UploadFormat u = EnumMapping.toCoreOrNull(
                f, "ARCHIVE_FORMAT_", UploadFormat.class, "format", ErrorCode.INVALID_ARGUMENT);
        if (u == null) {
            throw AfsException.invalid(
                    "format is required (ARCHIVE_FORMAT_TAR, ARCHIVE_FORMAT_TAR_GZ, ARCHIVE_FORMAT_ZIP or ARCHIVE_FORMAT_GIT_BUNDLE)");
        }
        return u;
    }
}
