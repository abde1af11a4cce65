package io.aetherfs.core.model;

/** The id of a collaboration file lock: `lock_` plus a lowercase ULID. */
public record LockId(String value) implements Comparable<LockId> {
    public static final String PREFIX = "lock_";

    public LockId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static LockId generate(Ulid ulid) {
        return new LockId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed lock id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(LockId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
