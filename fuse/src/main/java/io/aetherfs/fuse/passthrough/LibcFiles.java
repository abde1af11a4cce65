package io.aetherfs.fuse.passthrough;

import static io.aetherfs.fuse.passthrough.Libc.I;
import static io.aetherfs.fuse.passthrough.Libc.L;
import static io.aetherfs.fuse.passthrough.Libc.P;
import static io.aetherfs.fuse.passthrough.Libc.check;
import static io.aetherfs.fuse.passthrough.Libc.fail;
import static io.aetherfs.fuse.passthrough.Libc.fn;
import static io.aetherfs.fuse.passthrough.Libc.state;
import static io.aetherfs.fuse.passthrough.Libc.variadic;

import io.aetherfs.fuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The passthrough's glibc calls on one file: attributes, data, space, seeking and locks. See {@link Libc}
 * for the conventions (each returns its result or throws {@link FuseException} with the errno).
 */
final class LibcFiles {
    private static final MethodHandle FCHMODAT = fn("fchmodat", I, I, P, I, I);
    private static final MethodHandle FCHMOD = fn("fchmod", I, I, I);
    private static final MethodHandle FCHOWNAT = fn("fchownat", I, I, P, I, I, I);
    private static final MethodHandle FTRUNCATE = fn("ftruncate", I, I, L);
    private static final MethodHandle TRUNCATE = fn("truncate", I, P, L);
    private static final MethodHandle UTIMENSAT = fn("utimensat", I, I, P, P, I);
    private static final MethodHandle FUTIMENS = fn("futimens", I, I, P);
    private static final MethodHandle FSTATVFS = fn("fstatvfs", I, I, P);
    private static final MethodHandle FACCESSAT = fn("faccessat", I, I, P, I, I);
    private static final MethodHandle PWRITE = fn("pwrite", L, I, P, L, L);
    private static final MethodHandle FSYNC = fn("fsync", I, I);
    private static final MethodHandle FDATASYNC = fn("fdatasync", I, I);
    private static final MethodHandle FALLOCATE = fn("fallocate", I, I, I, L, L);
    private static final MethodHandle LSEEK = fn("lseek", L, I, L, I);
    private static final MethodHandle COPY_FILE_RANGE = fn("copy_file_range", L, I, P, I, P, L, I);
    private static final MethodHandle FCNTL_LOCK = variadic("fcntl", 2, I, I, I, P);
    private static final MethodHandle FLOCK = fn("flock", I, I, I);

    private LibcFiles() {}

    static void fchmodat(int dirfd, MemorySegment path, int mode) throws FuseException {
        try {
            check((int) FCHMODAT.invokeExact(state(), dirfd, path, mode, 0));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void fchmod(int fd, int mode) throws FuseException {
        try {
            check((int) FCHMOD.invokeExact(state(), fd, mode));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void fchownat(int dirfd, MemorySegment path, int uid, int gid, int flags) throws FuseException {
        try {
            check((int) FCHOWNAT.invokeExact(state(), dirfd, path, uid, gid, flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void ftruncate(int fd, long size) throws FuseException {
        try {
            check((int) FTRUNCATE.invokeExact(state(), fd, size));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void truncate(MemorySegment path, long size) throws FuseException {
        try {
            check((int) TRUNCATE.invokeExact(state(), path, size));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void utimensat(int dirfd, MemorySegment path, MemorySegment times, int flags) throws FuseException {
        try {
            check((int) UTIMENSAT.invokeExact(state(), dirfd, path, times, flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void futimens(int fd, MemorySegment times) throws FuseException {
        try {
            check((int) FUTIMENS.invokeExact(state(), fd, times));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void fstatvfs(int fd, MemorySegment buf) throws FuseException {
        try {
            check((int) FSTATVFS.invokeExact(state(), fd, buf));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void faccessat(int dirfd, MemorySegment path, int mask) throws FuseException {
        try {
            check((int) FACCESSAT.invokeExact(state(), dirfd, path, mask, 0));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long pwrite(int fd, MemorySegment data, long offset) throws FuseException {
        try {
            return check((long) PWRITE.invokeExact(state(), fd, data, data.byteSize(), offset));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void fsync(int fd, boolean dataOnly) throws FuseException {
        try {
            check(dataOnly ? (int) FDATASYNC.invokeExact(state(), fd) : (int) FSYNC.invokeExact(state(), fd));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void fallocate(int fd, int mode, long offset, long length) throws FuseException {
        try {
            check((int) FALLOCATE.invokeExact(state(), fd, mode, offset, length));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long lseek(int fd, long offset, int whence) throws FuseException {
        try {
            return check((long) LSEEK.invokeExact(state(), fd, offset, whence));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long copyFileRange(int in, MemorySegment offIn, int out, MemorySegment offOut, long len, int flags)
            throws FuseException {
        try {
            return check((long) COPY_FILE_RANGE.invokeExact(state(), in, offIn, out, offOut, len, flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void fcntlLock(int fd, int cmd, MemorySegment flock) throws FuseException {
        try {
            check((int) FCNTL_LOCK.invokeExact(state(), fd, cmd, flock));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void flock(int fd, int op) throws FuseException {
        try {
            check((int) FLOCK.invokeExact(state(), fd, op));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }
}
