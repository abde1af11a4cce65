package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.Caller;
import io.aetherfs.fuse.FuseException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes nodes created through the mount look created by the caller: the kernel has already applied the
 * caller's umask to the mode, but the host applies this process's umask again, so a mode it narrowed is set
 * back; and when running as root, the node is given the caller's user and group.
 */
final class Ownership {

    private final int umask = processUmask();
    private final boolean privileged = Libc.geteuid() == 0;

    /** Returns whether this process runs as root (and may link by descriptor and give files away). */
    boolean privileged() {
        return privileged;
    }

    /** Fixes mode (unless {@code mode} is -1: symlinks) and owner of the new node {@code name} in {@code parent}. */
    void adopt(Inode parent, MemorySegment name, int mode, Caller caller) throws FuseException {
        if (mode != -1 && (mode & 07777 & umask) != 0) {
            try (Frame f = Frame.open()) {
                LibcFiles.fchmodat(Libc.AT_FDCWD, f.cString(pathOf(parent, name)), mode & 07777);
            }
        }
        if (privileged && (caller.uid() != 0 || caller.gid() != 0)) {
            LibcFiles.fchownat(parent.fd, name, caller.uid(), caller.gid(), Libc.AT_SYMLINK_NOFOLLOW);
        }
    }

    private static String pathOf(Inode parent, MemorySegment name) {
        return "/proc/self/fd/" + parent.fd + "/" + io.aetherfs.fuse.internal.Names.decode(name);
    }

    private static int processUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).strip(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // assume the usual
        }
        return 022;
    }
}
