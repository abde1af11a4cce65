package io.aetherfs.core.model;

/** The id of a session: `sess_` plus a lowercase ULID. */
public record SessionId(String value) implements Comparable<SessionId> {
    public static final String PREFIX = "sess_";

    public SessionId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id from the generator. */
    public static SessionId generate(Ulid ulid) {
        return new SessionId(PREFIX + ulid.next());
    }

    /** Returns whether {@code s} is a well-formed session id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    @Override
    public int compareTo(SessionId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
