package io.aetherfs.core.model;

/** The id of a source upload: `upl_` plus a lowercase ULID. */
public record UploadId(String value) implements Comparable<UploadId> {
    public static final String PREFIX = "upl_";

    public UploadId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static UploadId generate(Ulid ulid) {
        return new UploadId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed source upload id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(UploadId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
