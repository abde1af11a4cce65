package io.aetherfs.service.annotations;

import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.AnnotationId;
import io.aetherfs.core.model.EventType;
import java.util.HashMap;
import java.util.Map;

/** The stored kind of annotations: one record per annotation under its session, in the order they were added. */
final class AnnotationRecords {
    private AnnotationRecords() {}

    /**
     * Annotations by id ({@code r/{session}/annotation/{ann_…}}); adding one records ANNOTATION_ADDED on its
     * path, a status change ANNOTATION_STATUS_CHANGED with {@code from}, {@code to} and the change's comment.
     */
    static final RecordType<AnnotationId, Annotation> ANNOTATIONS = RecordType.<AnnotationId, Annotation>builder(
                    "annotation", RecordLayout.perSession("annotation"))
            .idPart(AnnotationId::value)
            .idOf(Annotation::id)
            .json(Annotation.class)
            .events(AnnotationRecords::event)
            .build();

    private static RecordEvent event(Annotation before, Annotation after) {
        if (after == null || before != null && before.status() == after.status()) {
            return null; // annotations go only with their session; only status changes are events
        }
        Map<String, Object> d = new HashMap<>();
        d.put("annotationId", after.id().value());
        if (before == null) {
            d.put("line", after.line());
            d.put("labels", after.labels());
            d.put("contentHash", after.contentHash());
            return RecordEvent.of(EventType.ANNOTATION_ADDED, after.path().value(), d);
        }
        d.put("from", before.status().wireName());
        d.put("to", after.status().wireName());
        if (after.statusComment() != null && !after.statusComment().isEmpty()) {
            d.put("comment", after.statusComment());
        }
        return RecordEvent.of(EventType.ANNOTATION_STATUS_CHANGED, after.path().value(), d);
    }
}
