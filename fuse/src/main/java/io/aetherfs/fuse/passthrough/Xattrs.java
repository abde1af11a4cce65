package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.XattrReply;
import java.lang.foreign.MemorySegment;

/**
 * Extended attributes of the passthrough, read and written through {@code /proc/self/fd/N} of the inode's
 * {@code O_PATH} descriptor. A symbolic link has none here: there is no race-free call for a link's own
 * xattrs by descriptor (user.* xattrs are not allowed on links anyway), so it answers ENOTSUP.
 */
final class Xattrs {

    void get(Inode i, String name, int size, XattrReply reply) throws FuseException {
        noLink(i);
        try (Frame f = Frame.open()) {
            MemorySegment path = f.procPath(i.fd), n = f.cString(name);
            if (size == 0) {
                reply.size(LibcXattrs.getxattr(path, n, MemorySegment.NULL));
            } else {
                MemorySegment buf = f.allocate(size, 1);
                reply.value(buf.asSlice(0, LibcXattrs.getxattr(path, n, buf)));
            }
        }
    }

    void list(Inode i, int size, XattrReply reply) throws FuseException {
        noLink(i);
        try (Frame f = Frame.open()) {
            MemorySegment path = f.procPath(i.fd);
            if (size == 0) {
                reply.size(LibcXattrs.listxattr(path, MemorySegment.NULL));
            } else {
                MemorySegment buf = f.allocate(size, 1);
                reply.value(buf.asSlice(0, LibcXattrs.listxattr(path, buf)));
            }
        }
    }

    void set(Inode i, String name, MemorySegment value, int flags) throws FuseException {
        noLink(i);
        try (Frame f = Frame.open()) {
            LibcXattrs.setxattr(f.procPath(i.fd), f.cString(name), value, flags);
        }
    }

    void remove(Inode i, String name) throws FuseException {
        noLink(i);
        try (Frame f = Frame.open()) {
            LibcXattrs.removexattr(f.procPath(i.fd), f.cString(name));
        }
    }

    private static void noLink(Inode i) throws FuseException {
        if (i.symlink) {
            throw new FuseException(Errno.EOPNOTSUPP, "xattrs of a symbolic link");
        }
    }
}
