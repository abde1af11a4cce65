package io.aetherfs.core.merge;

/**
 * Strict UTF-8 validator used by the line merge to decide whether a file is text.
 *
 * <p>Accepts exactly the well-formed byte sequences of Unicode table 3-7: overlong forms, encoded surrogates
 * (U+D800..U+DFFF), code points above U+10FFFF, stray continuation bytes and truncated sequences are rejected.
 * The NUL byte is rejected too, because a text file never contains one.
 */
final class Utf8Text {

    private Utf8Text() {}

    /** Returns whether {@code data} is well-formed UTF-8 that contains no NUL byte. */
    static boolean isNulFreeWellFormed(byte[] data) {
        int i = 0;
        int n = data.length;
        while (i < n) {
            int b = data[i];
            if (b > 0) { // ASCII other than NUL, the common case
                i++;
                continue;
            }
            if (b == 0) {
                return false;
            }
            int length = sequenceLength(b & 0xFF);
            if (length == 0 || i + length > n || !isValidSecondByte(b & 0xFF, data[i + 1] & 0xFF)) {
                return false;
            }
            for (int k = 2; k < length; k++) {
                if (!isContinuation(data[i + k])) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }

    /** Returns the length of the sequence a lead byte starts, or 0 when it cannot start one. */
    private static int sequenceLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        return 0; // 0x80..0xC1 (continuation or overlong 2-byte lead) and 0xF5..0xFF
    }

    /** Returns whether {@code second} may follow {@code lead}; the narrowed ranges exclude overlongs and surrogates. */
    private static boolean isValidSecondByte(int lead, int second) {
        return switch (lead) {
            case 0xE0 -> second >= 0xA0 && second <= 0xBF; // below would be overlong
            case 0xED -> second >= 0x80 && second <= 0x9F; // above would be a surrogate
            case 0xF0 -> second >= 0x90 && second <= 0xBF; // below would be overlong
            case 0xF4 -> second >= 0x80 && second <= 0x8F; // above would exceed U+10FFFF
            default -> second >= 0x80 && second <= 0xBF;
        };
    }

    /** Returns whether {@code b} is a continuation byte (10xxxxxx). */
    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
