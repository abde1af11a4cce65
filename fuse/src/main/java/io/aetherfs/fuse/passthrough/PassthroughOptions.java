package io.aetherfs.fuse.passthrough;

import java.time.Duration;

/**
 * How the passthrough caches and which kernel features it asks for, set with {@code -o} options of
 * {@code bin/fuse-passthrough}: {@code cache=always|auto|never} (default always: names, attributes and data
 * stay cached for {@code timeout}, default a day, as this mount is the only writer), {@code timeout=SECONDS},
 * {@code writeback} (the kernel's writeback cache), {@code splice} (read replies spliced from the host file).
 */
public record PassthroughOptions(Cache cache, Duration timeout, boolean writeback, boolean splice) {

    /** How much the kernel may cache. */
    public enum Cache {
        /** Nothing: every access asks the filesystem, file I/O bypasses the page cache. */
        NEVER,
        /** Names and attributes for {@code timeout}; file data is dropped on each open. */
        AUTO,
        /** Names, attributes, symlinks, directory listings and file data, kept across opens. */
        ALWAYS
    }

    /** Returns the defaults: cache always for a day, no writeback cache, no splice. */
    public static PassthroughOptions defaults() {
        return new PassthroughOptions(Cache.ALWAYS, Duration.ofDays(1), false, false);
    }

    /** Returns the effective timeout: zero with {@link Cache#NEVER}, at most 1 s with {@link Cache#AUTO}. */
    public Duration effectiveTimeout() {
        return switch (cache) {
            case NEVER -> Duration.ZERO;
            case AUTO -> timeout.compareTo(Duration.ofSeconds(1)) < 0 ? timeout : Duration.ofSeconds(1);
            case ALWAYS -> timeout;
        };
    }

    /**
     * Applies one passthrough option ({@code cache=…}, {@code timeout=…}, {@code writeback}, {@code splice},
     * and their {@code no_} forms); returns null if {@code option} is not one of them.
     */
    public PassthroughOptions with(String option) {
        return switch (option) {
            case "cache=always" -> new PassthroughOptions(Cache.ALWAYS, timeout, writeback, splice);
            case "cache=auto" -> new PassthroughOptions(Cache.AUTO, timeout, writeback, splice);
            case "cache=never" -> new PassthroughOptions(Cache.NEVER, timeout, writeback, splice);
            case "writeback" -> new PassthroughOptions(cache, timeout, true, splice);
            case "no_writeback" -> new PassthroughOptions(cache, timeout, false, splice);
            case "splice" -> new PassthroughOptions(cache, timeout, writeback, true);
            case "no_splice" -> new PassthroughOptions(cache, timeout, writeback, false);
            default ->
                option.startsWith("timeout=")
                        ? new PassthroughOptions(
                                cache,
                                Duration.ofMillis((long) (Double.parseDouble(option.substring(8)) * 1000)),
                                writeback,
                                splice)
                        : null;
        };
    }
}
