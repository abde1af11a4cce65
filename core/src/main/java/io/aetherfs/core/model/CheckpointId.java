package io.aetherfs.core.model;

/** The id of a checkpoint: `ckpt_` plus a lowercase ULID. */
public record CheckpointId(String value) implements Comparable<CheckpointId> {
    public static final String PREFIX = "ckpt_";

    public CheckpointId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static CheckpointId generate(Ulid ulid) {
        return new CheckpointId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed checkpoint id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(CheckpointId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
