package io.aetherfs.core.spi;

import io.aetherfs.core.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/** Validation of {@link JobQueue} arguments, shared by every backend so they refuse the same values. */
public final class JobArgs {
    private JobArgs() {}

    /** Checks the arguments of {@link JobQueue#enqueue} other than the due time. */
    public static void enqueue(TenantId tenant, String kind, String subject, byte[] payload) {
        Objects.requireNonNull(tenant, "tenant");
        kind(kind);
        subject(subject);
        payload(payload);
    }

    /** Checks the arguments of {@link JobQueue#claim}. */
    public static void claim(String owner, Set<String> kinds, int max, Duration lease) {
        owner(owner);
        kinds(kinds);
        max(max);
        lease(lease);
    }

    /** Returns {@code kind} when it is a valid job kind, else throws IllegalArgumentException. */
    public static String kind(String kind) {
        boolean ok = kind != null
                && !kind.isEmpty()
                && kind.length() <= JobQueue.MAX_KIND_CHARS
                && kind.charAt(0) >= 'a'
                && kind.charAt(0) <= 'z'
                && kind.chars().allMatch(JobArgs::kindChar);
        if (!ok) {
            throw new IllegalArgumentException("a job kind is 1-" + JobQueue.MAX_KIND_CHARS
                    + " characters of [a-z0-9._-] starting with a letter, got: " + printable(kind));
        }
        return kind;
    }

    /** Returns {@code kinds} when it is non-empty and every element is a valid kind. */
    public static Set<String> kinds(Set<String> kinds) {
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("a claim names at least one job kind");
        }
        kinds.forEach(JobArgs::kind);
        return kinds;
    }

    /** Returns {@code subject} when it is 1 to {@link JobQueue#MAX_SUBJECT_CHARS} printable ASCII characters. */
    public static String subject(String subject) {
        return ascii("job subject", subject, JobQueue.MAX_SUBJECT_CHARS);
    }

    /** Returns {@code owner} when it is 1 to {@link JobQueue#MAX_OWNER_CHARS} printable ASCII characters. */
    public static String owner(String owner) {
        return ascii("job owner", owner, JobQueue.MAX_OWNER_CHARS);
    }

    /** Returns {@code payload} when it is at most {@link JobQueue#MAX_PAYLOAD_BYTES} long. */
    public static byte[] payload(byte[] payload) {
        if (payload == null || payload.length > JobQueue.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a job payload is 0-" + JobQueue.MAX_PAYLOAD_BYTES + " bytes");
        }
        return payload;
    }

    /** Returns {@code max} when it is at least 1. */
    public static int max(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a claim takes at least 1 job, got " + max);
        }
        return max;
    }

    /** Returns {@code lease} when it is positive. */
    public static Duration lease(Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a job lease must be positive, got " + lease);
        }
        return lease;
    }

    /** Returns {@code error} cut to {@link JobQueue#MAX_ERROR_CHARS} characters, or null. */
    public static String error(String error) {
        if (error == null || error.length() <= JobQueue.MAX_ERROR_CHARS) {
            return error;
        }
        return error.substring(0, JobQueue.MAX_ERROR_CHARS - 1) + "…";
    }

    /**
     * Returns when a job enqueued or handed back with {@code notBefore} at {@code now} falls due: the later
     * of the two, to the millisecond (every backend keeps millisecond times).
     */
    public static Instant dueAt(Instant notBefore, Instant now) {
        Instant at = Objects.requireNonNull(notBefore, "notBefore").truncatedTo(ChronoUnit.MILLIS);
        return at.isBefore(now) ? now : at;
    }

    /** Returns {@code claimed} when it is a claimed job (it has an owner). */
    public static Job claimed(Job claimed) {
        if (claimed == null || claimed.owner() == null) {
            throw new IllegalArgumentException("not a claimed job: " + claimed);
        }
        return claimed;
    }

    private static boolean kindChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    private static String ascii(String what, String s, int maxChars) {
        boolean ok =
                s != null && !s.isEmpty() && s.length() <= maxChars && s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        if (!ok) {
            throw new IllegalArgumentException(
                    "a " + what + " is 1-" + maxChars + " printable ASCII characters, got: " + printable(s));
        }
        return s;
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 70 ? s.substring(0, 70) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
