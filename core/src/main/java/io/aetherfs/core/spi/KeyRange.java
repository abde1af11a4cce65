package io.aetherfs.core.spi;

/**
 * A half-open range of keys {@code [from, to)} in byte order, optionally scanned in reverse.
 * Bounds need not be valid keys themselves (a prefix range ends at {@code prefix + '\u007f'}) but
 * consist of characters up to 0x7f, so every backend orders them exactly like the keys.
 */
public record KeyRange(String from, String to, boolean reverse) {
    public KeyRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a key range needs both bounds");
        }
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException("inverted key range: " + from + " > " + to);
        }
    }

    /** Returns the ascending range of every key starting with {@code prefix}. */
    public static KeyRange prefix(String prefix) {
        return new KeyRange(prefix, prefix + Keys.AFTER_LAST_CHAR, false);
    }

    /** Returns the ascending range {@code [from, to)}. */
    public static KeyRange of(String from, String to) {
        return new KeyRange(from, to, false);
    }

    /** Returns this range scanned in the opposite order. */
    public KeyRange reversed() {
        return new KeyRange(from, to, !reverse);
    }

    /** Returns the part of this range that comes strictly after {@code key} in scan order (for paging). */
    public KeyRange after(String key) {
        if (reverse) {
            return key.compareTo(to) < 0 ? new KeyRange(from, max(from, key), true) : this;
        }
        String next = key + Keys.BEFORE_FIRST_CHAR;
        return next.compareTo(from) > 0 ? new KeyRange(min(next, to), to, false) : this;
    }

    /** Returns whether {@code key} lies in this range. */
    public boolean contains(String key) {
        return key.compareTo(from) >= 0 && key.compareTo(to) < 0;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String min(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
