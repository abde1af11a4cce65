package io.aetherfs.core.util;

import io.aetherfs.core.model.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the varints, strings and hashes written by {@link ByteWriter}; throws on malformed input. */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public ByteReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** Reads one unsigned byte. */
    public int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    /** Reads an unsigned LEB128 varint. */
    public long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    /** Reads a varint that must fit a non-negative int. */
    public int varintInt() {
        long v = varint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalStateException("varint out of int range: " + v);
        }
        return (int) v;
    }

    /** Reads a zigzag-encoded signed varint. */
    public long zigzag() {
        long v = varint();
        return (v >>> 1) ^ -(v & 1);
    }

    /** Reads a length-prefixed byte array. */
    public byte[] bytes() {
        int n = varintInt();
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** Reads a length-prefixed UTF-8 string. */
    public String string() {
        int n = varintInt();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Reads 32 hash bytes. */
    public Hash hash() {
        need(Hash.BYTES);
        Hash h = Hash.fromBytes(Arrays.copyOfRange(buf, pos, pos + Hash.BYTES));
        pos += Hash.BYTES;
        return h;
    }

    /** Returns whether all input was consumed. */
    public boolean atEnd() {
        return pos == end;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new IllegalStateException("truncated node encoding");
        }
    }
}
