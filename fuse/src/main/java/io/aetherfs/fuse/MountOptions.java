package io.aetherfs.fuse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a session mounts and runs: the {@code -o} mount options given to libfuse ({@code fsname=…},
 * {@code default_permissions}, {@code allow_other}, {@code auto_unmount}, {@code ro}, …), the number of worker
 * threads, how long an operation may run before the watchdog answers EIO for it (zero: never), how long
 * {@link FuseSession#close()} waits for workers after unmounting, and libfuse's debug output.
 */
public record MountOptions(
        List<String> options, int workers, Duration callbackTimeout, Duration closeGrace, boolean debug) {

    /** Creates options, copying the list. */
    public MountOptions {
        options = List.copyOf(options);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    /** Returns the defaults: no mount options, 8 workers, a 60 s callback timeout, 5 s close grace. */
    public static MountOptions defaults() {
        return new MountOptions(List.of(), 8, Duration.ofSeconds(60), Duration.ofSeconds(5), false);
    }

    /** Returns a copy with {@code more} mount options added (each may itself be comma-separated). */
    public MountOptions with(String... more) {
        List<String> all = new ArrayList<>(options);
        for (String o : more) {
            for (String part : o.split(",")) {
                if (!part.isBlank()) {
                    all.add(part.strip());
                }
            }
        }
        return new MountOptions(all, workers, callbackTimeout, closeGrace, debug);
    }

    /** Returns a copy with {@code count} workers. */
    public MountOptions workers(int count) {
        return new MountOptions(options, count, callbackTimeout, closeGrace, debug);
    }

    /** Returns a copy with another callback timeout (zero: none). */
    public MountOptions callbackTimeout(Duration timeout) {
        return new MountOptions(options, workers, timeout, closeGrace, debug);
    }

    /** Returns a copy with another close grace period. */
    public MountOptions closeGrace(Duration grace) {
        return new MountOptions(options, workers, callbackTimeout, grace, debug);
    }

    /** Returns a copy with libfuse's debug output to stderr on or off. */
    public MountOptions debug(boolean on) {
        return new MountOptions(options, workers, callbackTimeout, closeGrace, on);
    }

    /** Returns whether mount option {@code name} (without a value) is present. */
    public boolean has(String name) {
        return options.contains(name);
    }
}
