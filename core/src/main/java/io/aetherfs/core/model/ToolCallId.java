package io.aetherfs.core.model;

import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The id of a tool call: `tc_` plus a lowercase ULID whose time part is the call's {@code startedAt}
 * (not the time it was recorded), so ids order as the calls started and a session's tool-call log lists
 * in spec order (§5.2) by id alone.
 */
public record ToolCallId(String value) implements Comparable<ToolCallId> {
    public static final String PREFIX = "tc_";
    /** The largest time a ULID holds (48 bits of milliseconds, in the year 10889). */
    public static final long MAX_MILLIS = (1L << 48) - 1;

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    public ToolCallId {
        EntityId.check(PREFIX, value);
    }

    /** Returns a new id for a call that started at {@code startedAt} (0 to {@link #MAX_MILLIS} ms). */
    public static ToolCallId generate(Instant startedAt, RandomGenerator random) {
        StringBuilder b = new StringBuilder(PREFIX).append(timePart(startedAt));
        for (int i = 0; i < 16; i++) {
            b.append(ALPHABET[random.nextInt(32)]);
        }
        return new ToolCallId(b.toString());
    }

    /** Returns the smallest id of a call that started at or after {@code t}. */
    public static ToolCallId first(Instant t) {
        return new ToolCallId(PREFIX + timePart(t) + "0".repeat(16));
    }

    /** Returns whether {@code s} is a well-formed tool-call id. */
    public static boolean isValid(String s) {
        return EntityId.isValid(PREFIX, s);
    }

    /** Returns the 10 ULID characters of a time, clamped to the range a ULID holds. */
    private static String timePart(Instant time) {
        long seconds = Math.clamp(time.getEpochSecond(), 0, MAX_MILLIS / 1000 + 1);
        long t = Math.clamp(seconds * 1000 + time.getNano() / 1_000_000, 0, MAX_MILLIS);
        char[] out = new char[10];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        return new String(out);
    }

    @Override
    public int compareTo(ToolCallId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
