package io.aetherfs.core.model;

import java.util.Comparator;

/** The order of file names: by the bytes of their UTF-8 encoding, which is Unicode code point order. */
public final class Names {
    /** Compares names in UTF-8 byte order. */
    public static final Comparator<String> ORDER = Names::compare;

    private Names() {}

    /** Compares two names in UTF-8 byte order (differs from {@link String#compareTo} only above U+FFFF). */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    // a surrogate encodes a code point above U+FFFF, which sorts after every BMP char
                    return sa ? 1 : -1;
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }
}
