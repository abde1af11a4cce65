package io.aetherfs.core.util;

import io.aetherfs.core.model.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the varint, string and hash writers of the node formats. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Appends one byte. */
    public ByteWriter u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    /** Appends an unsigned LEB128 varint. */
    public ByteWriter varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** Appends a zigzag-encoded signed varint. */
    public ByteWriter zigzag(long v) {
        return varint((v << 1) ^ (v >> 63));
    }

    /** Appends a length-prefixed byte array. */
    public ByteWriter bytes(byte[] b) {
        varint(b.length);
        return raw(b);
    }

    /** Appends bytes without a length. */
    public ByteWriter raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** Appends a length-prefixed UTF-8 string. */
    public ByteWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the 32 bytes of a hash. */
    public ByteWriter hash(Hash h) {
        ensure(Hash.BYTES);
        h.copyTo(buf, size);
        size += Hash.BYTES;
        return this;
    }

    /** Returns a copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Returns the number of bytes written. */
    public int size() {
        return size;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
