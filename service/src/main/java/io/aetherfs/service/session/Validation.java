package io.aetherfs.service.session;

import io.aetherfs.core.error.AfsException;
import java.util.List;
import java.util.Map;

/** Field limits of sessions (spec §6.2, §12), checked before anything is written. */
public final class Validation {
    private Validation() {}

    /** Checks a free text: at most {@code max} characters and no NUL (which C clients and logs cut at). */
    public static void text(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw AfsException.invalid(field + " is longer than " + max + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw AfsException.invalid(field + " must not contain a NUL character (U+0000)");
        }
    }

    public static void map(String field, Map<String, String> m, int maxEntries) {
        if (m == null) {
            return;
        }
        if (m.size() > maxEntries) {
            throw AfsException.invalid(field + " has " + m.size() + " entries; at most " + maxEntries + " are allowed");
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 63) {
                throw AfsException.invalid(
                        field + " keys must be 1 to 63 characters: \"" + abbreviate(e.getKey()) + "\"");
            }
            if (e.getKey().contains(":")) {
                throw AfsException.invalid(field + " keys must not contain ':' (filters use key:value): \""
                        + abbreviate(e.getKey()) + "\"");
            }
            if (e.getValue() == null || e.getValue().length() > 256) {
                throw AfsException.invalid(
                        field + " value of \"" + abbreviate(e.getKey()) + "\" must be at most 256 characters");
            }
        }
    }

    static void principals(String field, List<String> ps) {
        if (ps == null) {
            return;
        }
        if (ps.size() > 256) {
            throw AfsException.invalid(field + " lists more than 256 principals");
        }
        for (String p : ps) {
            principal(field, p);
        }
    }

    static void principal(String field, String p) {
        if (p == null
                || p.isEmpty()
                || p.length() > 128
                || !p.chars().allMatch(c -> c > 0x20 && c < 0x7f || c > 0xa0)) {
            throw AfsException.invalid(field + " must be 1 to 128 printable characters without spaces");
        }
    }

    static void ttl(Long ttl) {
        if (ttl != null && (ttl <= 0 || ttl > 10L * 365 * 24 * 3600)) {
            throw AfsException.invalid("ttlSeconds must be between 1 and 315360000");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
