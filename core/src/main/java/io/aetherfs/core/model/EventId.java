package io.aetherfs.core.model;

/** The id of a event: `evt_` plus a lowercase ULID. */
public record EventId(String value) implements Comparable<EventId> {
    public static final String PREFIX = "evt_";

    public EventId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static EventId generate(Ulid ulid) {
        return new EventId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed event id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(EventId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
