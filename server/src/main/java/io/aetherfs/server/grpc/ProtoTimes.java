package io.aetherfs.server.grpc;

import com.google.protobuf.Timestamp;
import io.aetherfs.core.error.AfsException;
import java.time.DateTimeException;
import java.time.Instant;

/** Conversions between {@code google.protobuf.Timestamp} and the core's instants and epoch nanoseconds. */
final class ProtoTimes {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ProtoTimes() {}

    /** Returns the timestamp of an instant. */
    static Timestamp of(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }

    /** Returns the timestamp of nanoseconds since the epoch. */
    static Timestamp ofNanos(long nanos) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(nanos, NANOS_PER_SECOND))
                .setNanos((int) Math.floorMod(nanos, NANOS_PER_SECOND))
                .build();
    }

    /** Returns the instant of a timestamp; INVALID_ARGUMENT when it is out of range. */
    static Instant instant(String field, Timestamp t) {
        try {
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        } catch (DateTimeException e) {
            throw AfsException.invalid(field + " is out of range");
        }
    }

    /** Returns nanoseconds since the epoch of a timestamp; INVALID_ARGUMENT when it does not fit. */
    static long nanos(String field, Timestamp t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getSeconds(), NANOS_PER_SECOND), t.getNanos());
        } catch (ArithmeticException e) {
            throw AfsException.invalid(field + " is out of range");
        }
    }
}
