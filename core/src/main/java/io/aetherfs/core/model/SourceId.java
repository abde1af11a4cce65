package io.aetherfs.core.model;

/** The id of a source: `src_` plus a lowercase ULID. */
public record SourceId(String value) implements Comparable<SourceId> {
    public static final String PREFIX = "src_";

    public SourceId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static SourceId generate(Ulid ulid) {
        return new SourceId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed source id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(SourceId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
