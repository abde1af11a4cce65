package io.aetherfs.core.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: the name of every content-addressed object (extents, tree nodes, commits). */
public final class Hash implements Comparable<Hash> {
    public static final int BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final byte[] bytes;
    private final int hashCode;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** Returns the hash of the given 32 digest bytes (copied). */
    public static Hash fromBytes(byte[] digest) {
        if (digest.length != BYTES) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + digest.length);
        }
        return new Hash(digest.clone());
    }

    /** Returns the hash written as 64 lowercase hex characters. */
    public static Hash parse(String hex) {
        if (!isHex(hex)) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + abbreviate(hex));
        }
        return new Hash(HEX.parseHex(hex));
    }

    /** Returns whether {@code s} is 64 lowercase hex characters. */
    public static boolean isHex(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Returns the SHA-256 of {@code data}. */
    public static Hash of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** Returns the SHA-256 of a slice of {@code data}. */
    public static Hash of(byte[] data, int offset, int length) {
        MessageDigest md = sha256();
        md.update(data, offset, length);
        return new Hash(md.digest());
    }

    /** Returns a new SHA-256 message digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Returns the digest of a finished message digest. */
    public static Hash finish(MessageDigest md) {
        return new Hash(md.digest());
    }

    /** Returns a copy of the 32 digest bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 32 digest bytes into {@code out} at {@code offset}. */
    public void copyTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, BYTES);
    }

    /** Feeds the 32 digest bytes to a message digest. */
    public void updateDigest(MessageDigest md) {
        md.update(bytes);
    }

    /** Returns the 64-character lowercase hex form. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** Writes the 64 lowercase hex characters as ASCII bytes into {@code out} at {@code offset}. */
    public void hexBytes(byte[] out, int offset) {
        for (int i = 0; i < BYTES; i++) {
            int b = bytes[i] & 0xff;
            out[offset + 2 * i] = (byte) HEX_DIGITS[b >>> 4];
            out[offset + 2 * i + 1] = (byte) HEX_DIGITS[b & 15];
        }
    }

    /** Returns the first 8 bytes as a long, for cheap hashing. */
    public long prefix64() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[i] & 0xff);
        }
        return v;
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && hashCode == h.hashCode && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return hex();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
