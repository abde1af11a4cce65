package io.aetherfs.service.cache;

/**
 * The order-preserving encoding of cache keys into record ids: the key's UTF-8 bits in groups of six,
 * the last group padded with zeros, each group written with a 64-character alphabet in ASCII order. The
 * encoding of a byte string orders as the byte string does (spec §5.2: cache keys list in byte order),
 * and a key's prefix covers one contiguous range of encodings, which is how prefix listings and
 * delete-by-prefix scan. A 512-byte key takes 683 characters, well inside a metadata key.
 */
final class KeyOrder {
    static final String ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    /** A character above every character of the alphabet, to close a prefix's range. */
    private static final char ABOVE = '~';

    private KeyOrder() {}

    /** Returns the encoding of {@code bytes}. */
    static String encode(byte[] bytes) {
        StringBuilder b = new StringBuilder((bytes.length * 8 + 5) / 6);
        int acc = 0;
        int bits = 0;
        for (byte x : bytes) {
            acc = acc << 8 | (x & 0xff);
            bits += 8;
            while (bits >= 6) {
                bits -= 6;
                b.append(ALPHABET.charAt(acc >>> bits & 63));
            }
        }
        if (bits > 0) {
            b.append(ALPHABET.charAt(acc << (6 - bits) & 63));
        }
        return b.toString();
    }

    /**
     * Returns the range of encodings of every key that starts with {@code prefix} (non-empty): {@code after}
     * is just below the first (an exclusive lower bound, as listings take one), {@code until} just above
     * the last (exclusive).
     */
    static Range prefixRange(byte[] prefix) {
        String enc = encode(prefix);
        int free = (6 - prefix.length * 8 % 6) % 6; // bits of the last character the prefix leaves open
        String base = enc.substring(0, enc.length() - 1);
        char last = enc.charAt(enc.length() - 1);
        char top = ALPHABET.charAt(ALPHABET.indexOf(last) + (1 << free) - 1);
        return new Range(base + (char) (last - 1) + ABOVE, base + top + ABOVE);
    }

    /** An exclusive range of record ids. */
    record Range(String after, String until) {}
}
