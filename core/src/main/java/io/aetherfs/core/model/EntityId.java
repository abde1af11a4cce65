package io.aetherfs.core.model;

/** Validation shared by the server-generated ids: {@code prefix_} plus a 26-character lowercase ULID. */
final class EntityId {
    private EntityId() {}

    /** Returns {@code value} when it is {@code prefix} followed by a ULID, else throws IllegalArgumentException. */
    static String check(String prefix, String value) {
        if (!isValid(prefix, value)) {
            throw new IllegalArgumentException("not a valid " + prefix + "… id: " + printable(value));
        }
        return value;
    }

    /** Returns whether {@code value} is {@code prefix} followed by a ULID. */
    static boolean isValid(String prefix, String value) {
        return value != null
                && value.length() == prefix.length() + 26
                && value.startsWith(prefix)
                && Ulid.isValid(value.substring(prefix.length()));
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 70 ? s.substring(0, 70) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
