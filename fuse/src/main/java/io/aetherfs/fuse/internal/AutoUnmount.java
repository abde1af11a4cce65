package io.aetherfs.fuse.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes libfuse 3.14's {@code auto_unmount} reliable when the process is killed. fusermount3 waits for its
 * control socket to close, then unmounts only if opening the mount point fails with ENOTCONN, that is if
 * the device is closed too. At process death the kernel closes descriptors in ascending order, and the
 * socket (made before the device descriptor arrived) has the lower number: fusermount3 could wake, find the
 * connection still open (its open then fails with ECONNABORTED), and leave the mount behind. So the socket
 * is moved above the device descriptor.
 */
final class AutoUnmount {

    private static final System.Logger LOG = System.getLogger("io.aetherfs.fuse");
    private static final int F_DUPFD_CLOEXEC = 1030;

    private AutoUnmount() {}

    /** Returns the descriptors of this process that are sockets. */
    static Set<Integer> sockets() {
        Set<Integer> fds = new HashSet<>();
        try (Stream<Path> all = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : all.toList()) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        fds.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // closed meanwhile (the directory stream's own descriptor, say)
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "fuse: cannot list /proc/self/fd", e);
        }
        return fds;
    }

    /** Moves the socket that appeared since {@code before} (fusermount3's) above {@code deviceFd}. */
    static void orderForExit(Set<Integer> before, int deviceFd) {
        Set<Integer> now = sockets();
        now.removeAll(before);
        for (int sock : now) {
            if (sock > deviceFd) {
                continue;
            }
            try {
                int moved = (int) LibFuse.FCNTL_INT.invokeExact(sock, F_DUPFD_CLOEXEC, deviceFd + 1);
                if (moved >= 0) {
                    int ignored = (int) LibFuse.CLOSE.invokeExact(sock);
                }
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "fuse: cannot reorder the auto_unmount socket", t);
            }
        }
    }
}
