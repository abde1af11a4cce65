package io.aetherfs.core.model;

/** The id of an approval: `apr_` plus a lowercase ULID. */
public record ApprovalId(String value) implements Comparable<ApprovalId> {
    public static final String PREFIX = "apr_";

    public ApprovalId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static ApprovalId generate(Ulid ulid) {
        return new ApprovalId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed approval id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(ApprovalId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
