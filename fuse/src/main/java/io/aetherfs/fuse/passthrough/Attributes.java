package io.aetherfs.fuse.passthrough;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.SetAttr;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/** Applies a setattr request to a host inode: mode, owner, size and times, through the open file when given. */
final class Attributes {

    private static final long NANOS = 1_000_000_000L;

    private Attributes() {}

    static void apply(Inode i, SetAttr c, OptionalLong fh, Frame f) throws FuseException {
        if (c.setsMode()) {
            if (fh.isPresent()) {
                LibcFiles.fchmod((int) fh.getAsLong(), c.mode());
            } else {
                LibcFiles.fchmodat(Libc.AT_FDCWD, f.procPath(i.fd), c.mode());
            }
        }
        if (c.setsUid() || c.setsGid()) {
            LibcFiles.fchownat(
                    i.fd,
                    f.cString(""),
                    c.setsUid() ? c.uid() : -1,
                    c.setsGid() ? c.gid() : -1,
                    Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW);
        }
        if (c.setsSize()) {
            if (fh.isPresent()) {
                LibcFiles.ftruncate((int) fh.getAsLong(), c.size());
            } else {
                LibcFiles.truncate(f.procPath(i.fd), c.size());
            }
        }
        if (c.setsAtime() || c.setsMtime()) {
            MemorySegment times = f.allocate(32, 8);
            time(times, 0, c.setsAtime(), c.atimeNow(), c.atimeNanos());
            time(times, 16, c.setsMtime(), c.mtimeNow(), c.mtimeNanos());
            if (fh.isPresent()) {
                LibcFiles.futimens((int) fh.getAsLong(), times);
            } else if (i.symlink) {
                throw new FuseException(Errno.EPERM, "no race-free way to set a symlink's times by descriptor");
            } else {
                LibcFiles.utimensat(Libc.AT_FDCWD, f.procPath(i.fd), times, 0);
            }
        }
    }

    private static void time(MemorySegment times, long at, boolean set, boolean now, long nanos) {
        if (!set) {
            times.set(JAVA_LONG, at + 8, Libc.UTIME_OMIT);
        } else if (now) {
            times.set(JAVA_LONG, at + 8, Libc.UTIME_NOW);
        } else {
            times.set(JAVA_LONG, at, Math.floorDiv(nanos, NANOS));
            times.set(JAVA_LONG, at + 8, Math.floorMod(nanos, NANOS));
        }
    }
}
