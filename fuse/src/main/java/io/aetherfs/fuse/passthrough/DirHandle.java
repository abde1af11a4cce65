package io.aetherfs.fuse.passthrough;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.aetherfs.fuse.Attr;
import io.aetherfs.fuse.DirPlusReply;
import io.aetherfs.fuse.DirReply;
import io.aetherfs.fuse.Entry;
import io.aetherfs.fuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * An open directory of the passthrough: a host descriptor read with {@code getdents64}. Each listing call
 * seeks to the offset the kernel asks for (the host's own {@code d_off} cookies) and hands names to the
 * reply straight from the host's buffer, without making Java strings.
 */
final class DirHandle {

    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
    private static final int D_OFF = 8, D_RECLEN = 16, D_TYPE = 18, D_NAME = 19;
    private static final int BUFFER = 32 * 1024;

    final int fd;

    DirHandle(int fd) {
        this.fd = fd;
    }

    /** Lists from {@code offset} into {@code reply} (plain readdir). */
    synchronized void list(long offset, DirReply reply) throws FuseException {
        try (Frame f = Frame.open()) {
            MemorySegment buf = f.allocate(BUFFER, 8);
            LibcFiles.lseek(fd, offset, Libc.SEEK_SET);
            outer:
            for (long n; (n = Libc.getdents64(fd, buf)) > 0; ) {
                for (int at = 0; at < n; at += buf.get(JAVA_SHORT, at + D_RECLEN)) {
                    long ino = buf.get(JAVA_LONG, at);
                    int mode = (buf.get(JAVA_BYTE, at + D_TYPE) & 0xff) << 12;
                    if (!reply.add(buf.asSlice(at + D_NAME), ino, mode, buf.get(JAVA_LONG, at + D_OFF))) {
                        break outer;
                    }
                }
            }
        }
        reply.done();
    }

    /** Lists from {@code offset} into {@code reply} with a lookup of each entry (readdirplus). */
    synchronized void listPlus(long offset, Inode dir, Inodes inodes, DirPlusReply reply) throws FuseException {
        int added = 0;
        try (Frame f = Frame.open()) {
            MemorySegment buf = f.allocate(BUFFER, 8);
            LibcFiles.lseek(fd, offset, Libc.SEEK_SET);
            outer:
            for (long n; (n = Libc.getdents64(fd, buf)) > 0; ) {
                for (int at = 0; at < n; at += buf.get(JAVA_SHORT, at + D_RECLEN)) {
                    MemorySegment name = buf.asSlice(at + D_NAME);
                    long next = buf.get(JAVA_LONG, at + D_OFF);
                    Entry e = dotOrDotDot(name)
                            ? unresolved(buf.get(JAVA_LONG, at), (buf.get(JAVA_BYTE, at + D_TYPE) & 0xff) << 12)
                            : lookup(dir, name, inodes);
                    if (e == null) {
                        continue; // the name vanished meanwhile
                    }
                    if (!reply.add(name, e, next)) {
                        if (e.nodeId() != 0) {
                            inodes.forget(e.nodeId(), 1);
                        }
                        break outer;
                    }
                    added++;
                }
            }
        } catch (FuseException e) {
            if (added == 0) {
                throw e;
            }
        }
        reply.done();
    }

    private static Entry lookup(Inode dir, MemorySegment name, Inodes inodes) throws FuseException {
        try (Frame f = Frame.open()) {
            return inodes.lookup(dir, name, f);
        } catch (FuseException e) {
            if (e.errno() == io.aetherfs.fuse.Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** Returns an entry that only names the inode number and type (node id 0: the kernel counts no lookup). */
    private static Entry unresolved(long ino, int mode) {
        return new Entry(0, new Attr(ino, mode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Duration.ZERO, Duration.ZERO);
    }

    private static boolean dotOrDotDot(MemorySegment name) {
        byte a = name.get(JAVA_BYTE, 0), b = name.get(JAVA_BYTE, 1);
        return a == '.' && (b == 0 || (b == '.' && name.get(JAVA_BYTE, 2) == 0));
    }
}
