package io.aetherfs.core.spi;

/** Validation of metadata store keys, shared by every backend. */
public final class Keys {
    /** A character that sorts before every key character; {@code key + it} is the successor of key. */
    static final char BEFORE_FIRST_CHAR = '\u001f';
    /** A character that sorts after every key character; {@code prefix + it} bounds a prefix range. */
    static final char AFTER_LAST_CHAR = '\u007f';

    private Keys() {}

    /** Returns {@code key} when it is a valid key, else throws IllegalArgumentException saying why. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a metadata key must not be empty");
        }
        if (key.length() > MetaStore.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("metadata key longer than " + MetaStore.MAX_KEY_BYTES + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("metadata key has a non-printable-ASCII character at " + i);
            }
        }
        return key;
    }
}
