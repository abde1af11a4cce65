package io.aetherfs.service.annotations;

import io.aetherfs.core.model.AnnotationId;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import java.time.Instant;
import java.util.List;

/**
 * A comment on a line of a path of a session (spec §6.7): {@code line} 0 means the whole file, and
 * {@code contentHash} is the path's hash when the comment was made, so a reader can tell whether the
 * file changed since. {@code statusComment} is the comment of the last status change (stored for its
 * event; the API shows the annotation's own {@code comment}).
 */
public record Annotation(
        AnnotationId id,
        SessionId sessionId,
        FsPath path,
        int line,
        String comment,
        List<String> labels,
        AnnotationStatus status,
        String contentHash,
        String author,
        Instant createdAt,
        Instant updatedAt,
        String resolvedBy,
        Instant resolvedAt,
        String statusComment) {
    public Annotation {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** Returns the annotation in {@code to}, set by {@code who} at {@code at} (resolver fields only when resolved). */
    Annotation withStatus(AnnotationStatus to, String who, Instant at, String why) {
        boolean resolved = to == AnnotationStatus.RESOLVED;
        return new Annotation(
                id,
                sessionId,
                path,
                line,
                comment,
                labels,
                to,
                contentHash,
                author,
                createdAt,
                at,
                resolved ? who : null,
                resolved ? at : null,
                why);
    }
}
