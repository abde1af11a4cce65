package io.aetherfs.core.model;

/** The id of a commit: `cmt_` plus a lowercase ULID. */
public record CommitId(String value) implements Comparable<CommitId> {
    public static final String PREFIX = "cmt_";

    public CommitId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static CommitId generate(Ulid ulid) {
        return new CommitId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed commit id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(CommitId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
