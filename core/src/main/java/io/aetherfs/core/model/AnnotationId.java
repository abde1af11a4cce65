package io.aetherfs.core.model;

/** The id of an annotation: `ann_` plus a lowercase ULID. */
public record AnnotationId(String value) implements Comparable<AnnotationId> {
    public static final String PREFIX = "ann_";

    public AnnotationId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static AnnotationId generate(Ulid ulid) {
        return new AnnotationId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed annotation id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(AnnotationId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
