package io.aetherfs.core.engine;

import java.util.Arrays;

/** Stored objects prefixed with their 8-byte big-endian write time, for the GC grace period. */
public final class Stamped {
    private Stamped() {}

    /** Returns {@code millis} followed by {@code data}. */
    public static byte[] wrap(long millis, byte[] data) {
        byte[] out = new byte[8 + data.length];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) millis;
            millis >>>= 8;
        }
        System.arraycopy(data, 0, out, 8, data.length);
        return out;
    }

    /** Returns the write time of a stamped value. */
    public static long millis(byte[] stamped) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (stamped[i] & 0xff);
        }
        return v;
    }

    /** Returns the data of a stamped value. */
    public static byte[] data(byte[] stamped) {
        return Arrays.copyOfRange(stamped, 8, stamped.length);
    }
}
