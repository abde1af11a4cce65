package io.aetherfs.service.annotations;

/** Whether an annotation still needs attention (spec §7, ANNOTATION_STATUS_*). */
public enum AnnotationStatus {
    OPEN,
    RESOLVED;

    /** Returns the wire name ({@code ANNOTATION_STATUS_OPEN}). */
    public String wireName() {
        return "ANNOTATION_STATUS_" + name();
    }
}
