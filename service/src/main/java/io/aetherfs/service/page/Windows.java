package io.aetherfs.service.page;

import io.aetherfs.core.error.AfsException;
import java.time.Instant;

/** The bounds of time-window filters: the years 1 to 9999 that {@code google.protobuf.Timestamp} allows. */
public final class Windows {
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Windows() {}

    /** Throws INVALID_ARGUMENT naming {@code field} when {@code t} (null: absent) lies outside those years. */
    public static void check(String field, Instant t) {
        if (t != null && (t.isBefore(MIN) || t.isAfter(MAX))) {
            throw AfsException.invalid(field + " must lie between the years 1 and 9999");
        }
    }
}
