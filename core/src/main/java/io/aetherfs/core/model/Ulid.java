package io.aetherfs.core.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Generates 26-character lowercase ULIDs (Crockford base32: 48-bit millisecond time, 80 random bits),
 * monotonic within one millisecond so ids made by one generator sort in creation order.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private final Clock clock;
    private final RandomGenerator random;
    private long lastMillis = -1;
    private long randHi; // 16 bits
    private long randLo; // 64 bits

    public Ulid(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** Returns a generator on the system clock with a secure random source. */
    public static Ulid system() {
        return new Ulid(Clock.systemUTC(), new SecureRandom());
    }

    /** Returns the next ULID; later calls on this generator return strictly greater strings. */
    public synchronized String next() {
        long now = Math.max(clock.millis(), lastMillis);
        if (now == lastMillis) {
            randLo++;
            if (randLo == 0) {
                randHi = (randHi + 1) & 0xffff;
            }
        } else {
            lastMillis = now;
            randHi = random.nextInt(1 << 16);
            randLo = random.nextLong() & 0x7fff_ffff_ffff_ffffL; // headroom for increments
        }
        char[] out = new char[26];
        // 48 bits of time -> 10 chars (50 bits, top 2 zero)
        long t = lastMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        // 80 random bits -> 16 chars
        long lo = randLo;
        long hi = randHi;
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    /** Returns whether {@code s} is 26 characters of the lowercase ULID alphabet. */
    public static boolean isValid(String s) {
        if (s == null || s.length() != 26) {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u');
            if (!ok) {
                return false;
            }
        }
        return s.charAt(0) <= '7';
    }
}
