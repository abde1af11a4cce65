package io.aetherfs.server.grpc;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.Annotation;
import io.aetherfs.proto.v1.AnnotationStatus;

/** Maps annotations (spec §6.7) and their status enum. */
final class AnnotationMapping {
    private AnnotationMapping() {}

    static Annotation annotation(io.aetherfs.service.annotations.Annotation a) {
        var b = Annotation.newBuilder()
                .setId(a.id().value())
                .setSessionId(a.sessionId().value())
                .setPath(a.path().value())
                .setLine(a.line())
                .setComment(Wire.orEmpty(a.comment()))
                .addAllLabels(a.labels())
                .setStatus(EnumMapping.toProto(a.status(), "ANNOTATION_STATUS_", AnnotationStatus.class))
                .setContentHash(Wire.orEmpty(a.contentHash()))
                .setAuthor(Wire.orEmpty(a.author()))
                .setResolvedBy(Wire.orEmpty(a.resolvedBy()));
        if (a.createdAt() != null) {
            b.setCreatedAt(ProtoTimes.of(a.createdAt()));
        }
        if (a.updatedAt() != null) {
            b.setUpdatedAt(ProtoTimes.of(a.updatedAt()));
        }
        if (a.resolvedAt() != null) {
            b.setResolvedAt(ProtoTimes.of(a.resolvedAt()));
        }
        return b.build();
    }

    /** Returns the core status of a request or filter; null when unspecified. */
    static io.aetherfs.service.annotations.AnnotationStatus status(AnnotationStatus s) {
        return EnumMapping.toCoreOrNull(
                s,
                "ANNOTATION_STATUS_",
                io.aetherfs.service.annotations.AnnotationStatus.class,
                "status",
                ErrorCode.INVALID_ARGUMENT);
    }
}
