package io.aetherfs.fuse.passthrough;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The glibc calls the passthrough makes that Java's NIO has no equivalent for (the *at family on
 * descriptors, renameat2, fallocate, SEEK_DATA, copy_file_range, OFD locks, flock, xattrs, getdents64).
 * Each returns its result or throws {@link FuseException} with the call's errno.
 */
final class Libc {

    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200;
    static final int AT_SYMLINK_FOLLOW = 0x400, AT_EMPTY_PATH = 0x1000;
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3, O_CREAT = 0100, O_APPEND = 02000;
    static final int O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000, O_PATH = 010000000;
    static final int F_OFD_GETLK = 36, F_OFD_SETLK = 37, LOCK_NB = 4;
    static final int SEEK_SET = 0;
    static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout P = ADDRESS, I = JAVA_INT, L = JAVA_LONG;
    private static final VarHandle ERRNO =
            Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPENAT = variadic("openat", 3, I, I, P, I, I);
    private static final MethodHandle CLOSE = fn("close", I, I);
    private static final MethodHandle DUP = fn("dup", I, I);
    private static final MethodHandle FSTATAT = fn("fstatat", I, I, P, P, I);
    private static final MethodHandle READLINKAT = fn("readlinkat", L, I, P, P, L);
    private static final MethodHandle MKNODAT = fn("mknodat", I, I, P, I, L);
    private static final MethodHandle MKDIRAT = fn("mkdirat", I, I, P, I);
    private static final MethodHandle SYMLINKAT = fn("symlinkat", I, P, I, P);
    private static final MethodHandle LINKAT = fn("linkat", I, I, P, I, P, I);
    private static final MethodHandle UNLINKAT = fn("unlinkat", I, I, P, I);
    private static final MethodHandle RENAMEAT2 = fn("renameat2", I, I, P, I, P, I);
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
    private static final MethodHandle GETXATTR = fn("getxattr", L, P, P, P, L);
    private static final MethodHandle SETXATTR = fn("setxattr", I, P, P, P, L, I);
    private static final MethodHandle LISTXATTR = fn("listxattr", L, P, P, L);
    private static final MethodHandle REMOVEXATTR = fn("removexattr", I, P, P);
    private static final MethodHandle GETDENTS64 = fn("getdents64", L, I, P, L);
    private static final MethodHandle GETEUID = LINKER.downcallHandle(
            LINKER.defaultLookup().find("geteuid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));

    private Libc() {}

    static int openat(int dirfd, MemorySegment path, int flags, int mode) throws FuseException {
        try {
            return check((int) OPENAT.invokeExact(state(), dirfd, path, flags, mode));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(state(), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int dup(int fd) throws FuseException {
        try {
            return check((int) DUP.invokeExact(state(), fd));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void fstatat(int dirfd, MemorySegment path, MemorySegment stat, int flags) throws FuseException {
        try {
            check((int) FSTATAT.invokeExact(state(), dirfd, path, stat, flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long readlinkat(int dirfd, MemorySegment path, MemorySegment buf) throws FuseException {
        try {
            return check((long) READLINKAT.invokeExact(state(), dirfd, path, buf, buf.byteSize()));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void mknodat(int dirfd, MemorySegment name, int mode, long dev) throws FuseException {
        try {
            check((int) MKNODAT.invokeExact(state(), dirfd, name, mode, dev));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void mkdirat(int dirfd, MemorySegment name, int mode) throws FuseException {
        try {
            check((int) MKDIRAT.invokeExact(state(), dirfd, name, mode));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void symlinkat(MemorySegment target, int dirfd, MemorySegment name) throws FuseException {
        try {
            check((int) SYMLINKAT.invokeExact(state(), target, dirfd, name));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void linkat(int olddir, MemorySegment oldpath, int newdir, MemorySegment newpath, int flags)
            throws FuseException {
        try {
            check((int) LINKAT.invokeExact(state(), olddir, oldpath, newdir, newpath, flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void unlinkat(int dirfd, MemorySegment name, int flags) throws FuseException {
        try {
            check((int) UNLINKAT.invokeExact(state(), dirfd, name, flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void renameat2(int olddir, MemorySegment oldname, int newdir, MemorySegment newname, int flags)
            throws FuseException {
        try {
            check((int) RENAMEAT2.invokeExact(state(), olddir, oldname, newdir, newname, flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

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

    static long getxattr(MemorySegment path, MemorySegment name, MemorySegment value) throws FuseException {
        try {
            return check((long) GETXATTR.invokeExact(state(), path, name, value, value.byteSize()));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void setxattr(MemorySegment path, MemorySegment name, MemorySegment value, int flags) throws FuseException {
        try {
            check((int) SETXATTR.invokeExact(state(), path, name, value, value.byteSize(), flags));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long listxattr(MemorySegment path, MemorySegment list) throws FuseException {
        try {
            return check((long) LISTXATTR.invokeExact(state(), path, list, list.byteSize()));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static void removexattr(MemorySegment path, MemorySegment name) throws FuseException {
        try {
            check((int) REMOVEXATTR.invokeExact(state(), path, name));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static long getdents64(int fd, MemorySegment buf) throws FuseException {
        try {
            return check((long) GETDENTS64.invokeExact(state(), fd, buf, buf.byteSize()));
        } catch (FuseException e) {
            throw e;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static IllegalStateException fail(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    private static int check(int r) throws FuseException {
        if (r == -1) {
            throw new FuseException(Errno.of((int) ERRNO.get(state(), 0L)));
        }
        return r;
    }

    private static long check(long r) throws FuseException {
        if (r == -1) {
            throw new FuseException(Errno.of((int) ERRNO.get(state(), 0L)));
        }
        return r;
    }

    private static MemorySegment state() {
        return Frame.errnoState();
    }

    private static MethodHandle fn(String name, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(
                LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle variadic(String name, int fixed, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(
                LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(fixed));
    }
}
