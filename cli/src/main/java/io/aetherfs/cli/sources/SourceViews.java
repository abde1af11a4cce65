package io.aetherfs.cli.sources;

import io.aetherfs.cli.Details;
import io.aetherfs.cli.Formats;
import io.aetherfs.cli.Table;
import io.aetherfs.proto.v1.Revision;
import io.aetherfs.proto.v1.Source;
import io.aetherfs.proto.v1.SourceJob;
import io.aetherfs.proto.v1.SourceOrigin;
import java.util.List;

/** The human forms of sources, their jobs and revisions. */
final class SourceViews {
    private SourceViews() {}

    static Table sources(List<Source> sources) {
        Table t = new Table("ID", "NAME", "KIND", "STATUS", "LATEST REVISION", "ORIGIN");
        for (Source s : sources) {
            t.row(
                    s.getId(),
                    s.getDisplayName(),
                    Formats.name(s.getKind(), "UNDERLAY_SOURCE_KIND_"),
                    Formats.name(s.getStatus(), "UNDERLAY_SOURCE_STATUS_"),
                    s.getLatestRevisionId(),
                    origin(s.getOrigin()));
        }
        return t;
    }

    static Details source(Source s) {
        return new Details()
                .add("id", s.getId())
                .add("name", s.getDisplayName())
                .add("kind", Formats.name(s.getKind(), "UNDERLAY_SOURCE_KIND_"))
                .add("status", Formats.name(s.getStatus(), "UNDERLAY_SOURCE_STATUS_"))
                .add("origin", origin(s.getOrigin()))
                .add("latest revision", s.getLatestRevisionId())
                .add("last job", s.getLastJobId())
                .add("error", s.getErrorCode().isEmpty() ? "" : s.getErrorCode() + ": " + s.getErrorMessage())
                .add("labels", Formats.map(s.getLabelsMap()))
                .add("created", Formats.time(s.getCreatedAt()))
                .add("by", s.getCreatedBy());
    }

    static Table jobs(List<SourceJob> jobs) {
        Table t = new Table("ID", "KIND", "STATE", "FILES", "BYTES", "REVISION", "ERROR");
        for (SourceJob j : jobs) {
            t.row(
                    j.getJobId(),
                    Formats.name(j.getKind(), "SOURCE_JOB_KIND_"),
                    state(j),
                    j.getFilesProcessed(),
                    Formats.bytes(j.getBytesProcessed()),
                    j.getRevisionId(),
                    j.getErrorCode());
        }
        return t;
    }

    static Details job(SourceJob j) {
        return new Details()
                .add("id", j.getJobId())
                .add("source", j.getSourceId())
                .add("kind", Formats.name(j.getKind(), "SOURCE_JOB_KIND_"))
                .add("state", state(j))
                .add("files", j.getFilesProcessed())
                .add("bytes", Formats.bytes(j.getBytesProcessed()))
                .add("skipped entries", j.getSkippedEntries() == 0 ? "" : j.getSkippedEntries())
                .add("revision", j.getRevisionId())
                .add("session", j.getSessionId())
                .add("error", j.getErrorCode().isEmpty() ? "" : j.getErrorCode() + ": " + j.getErrorMessage())
                .add("created", Formats.time(j.getCreatedAt()))
                .add("finished", Formats.time(j.getFinishedAt()));
    }

    static Table revisions(List<Revision> revisions) {
        Table t = new Table("ID", "ORIGIN", "FILES", "SIZE", "GIT COMMIT", "FROM SESSION", "CREATED");
        for (Revision r : revisions) {
            t.row(
                    r.getRevisionId(),
                    Formats.name(r.getOrigin(), "REVISION_ORIGIN_"),
                    r.getFileCount(),
                    Formats.bytes(r.getTotalBytes()),
                    r.getGitCommit(),
                    r.getPromotedFromSessionId(),
                    Formats.time(r.getCreatedAt()));
        }
        return t;
    }

    static String state(SourceJob j) {
        return Formats.name(j.getState(), "UNDERLAY_IMPORT_JOB_STATE_");
    }

    private static String origin(SourceOrigin o) {
        return switch (o.getOriginCase()) {
            case GIT_REMOTE ->
                o.getGitRemote().getUrl()
                        + (o.getGitRemote().getRef().isEmpty()
                                ? ""
                                : " " + o.getGitRemote().getRef());
            case LOCALFS -> o.getLocalfs().getHostPath();
            case UPLOADED_SNAPSHOT -> "upload";
            case GIT_BUNDLE -> "bundle";
            case ORIGIN_NOT_SET -> "";
        };
    }
}
