package io.aetherfs.core.model;

/** The id of a source revision: `rev_` plus a lowercase ULID. */
public record RevisionId(String value) implements Comparable<RevisionId> {
    public static final String PREFIX = "rev_";

    public RevisionId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static RevisionId generate(Ulid ulid) {
        return new RevisionId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed source revision id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(RevisionId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
