package io.aetherfs.cli.sessions;

import io.aetherfs.cli.Details;
import io.aetherfs.cli.EnumNames;
import io.aetherfs.cli.Formats;
import io.aetherfs.cli.Table;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionStatus;
import io.aetherfs.proto.v1.SessionSummary;
import java.util.List;

/** The human forms of sessions: the list table and the details of one. */
final class SessionViews {
    private SessionViews() {}

    static Table table(List<SessionSummary> sessions) {
        Table t = new Table("ID", "NAME", "STATUS", "PARENT", "OWNER", "CREATED");
        for (SessionSummary s : sessions) {
            t.row(
                    s.getId(),
                    s.getDisplayName(),
                    status(s.getStatus()),
                    s.getParentSessionId(),
                    s.getOwner(),
                    Formats.time(s.getCreatedAt()));
        }
        return t;
    }

    static Details details(Session s) {
        return new Details()
                .add("id", s.getId())
                .add("name", s.getDisplayName())
                .add("description", s.getDescription())
                .add("status", status(s.getStatus()))
                .add(
                        "source",
                        s.hasSourceRef()
                                ? s.getSourceRef().getSourceId() + " "
                                        + s.getSourceRef().getRevisionId()
                                : "")
                .add("parent", s.getParentSessionId())
                .add("fingerprint", s.getFingerprint())
                .add("base", s.getBaseFingerprint())
                .add("last commit", s.getLastCommitId())
                .add("pending approval", s.getPendingApprovalId())
                .add(
                        "conflict",
                        s.hasConflict()
                                ? s.getConflict().getConflictCount() + " paths: "
                                        + String.join(", ", s.getConflict().getPathsList())
                                : "")
                .add("owner", s.getOwner())
                .add("tags", Formats.map(s.getTagsMap()))
                .add("labels", Formats.map(s.getLabelsMap()))
                .add("created", Formats.time(s.getCreatedAt()))
                .add("last activity", Formats.time(s.getLastActivityAt()))
                .add("expires", Formats.time(s.getExpiresAt()));
    }

    static String status(SessionStatus status) {
        return Formats.name(status, "SESSION_STATUS_");
    }

    /** Returns the status named {@code ACTIVE} or {@code SESSION_STATUS_ACTIVE}, any case. */
    static SessionStatus parseStatus(String name) {
        return EnumNames.parse(SessionStatus.class, "SESSION_STATUS_", name);
    }
}
