package io.aetherfs.fuse.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

/**
 * A second line behind libfuse's {@code auto_unmount}: a small shell process that waits for this JVM to go
 * away (its stdin pipe closes, however the JVM ends) and then unmounts the mount point if it is still a dead
 * FUSE mount. fusermount3 3.14 does the same, but checks only once, right when its control socket closes:
 * if that happens before the kernel has torn the connection down, its check sees a live mount and leaves a
 * dead one behind (seen here about once in five SIGKILLs under load). This one retries for ten seconds.
 */
final class DeathWatch {

    private static final System.Logger LOG = System.getLogger("io.aetherfs.fuse");

    // $1 = mount point. Waits for EOF on stdin, then for the mount to be gone (exit) or dead (unmount it).
    private static final String SCRIPT = "cat >/dev/null; i=0; while [ $i -lt 100 ]; do"
            + " awk -v m=\"$1\" '$5 == m {f = 1} END {exit !f}' /proc/self/mountinfo || exit 0;"
            + " if LC_ALL=C stat \"$1\" 2>&1 >/dev/null | grep -q 'not connected'; then"
            + " exec umount -l \"$1\"; fi; sleep 0.1; i=$((i + 1)); done";

    private final Process process;

    private DeathWatch(Process process) {
        this.process = process;
    }

    /** Starts watching {@code mountpoint}; returns null (and logs) if no shell can be started. */
    static DeathWatch start(Path mountpoint) {
        try {
            Process p = new ProcessBuilder("sh", "-c", SCRIPT, "fuse-deathwatch", mountpoint.toString())
                    .directory(Path.of("/").toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new DeathWatch(p);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "fuse: cannot start the unmount watcher for " + mountpoint, e);
            return null;
        }
    }

    /** Ends the watch: the session ended normally, so the watcher finds the mount gone and exits. */
    void close() {
        try (OutputStream in = process.getOutputStream()) {
            // closing stdin is the signal
        } catch (IOException e) {
            process.destroy();
        }
    }
}
