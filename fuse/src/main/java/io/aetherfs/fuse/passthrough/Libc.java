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
    static final MemoryLayout P = ADDRESS, I = JAVA_INT, L = JAVA_LONG;
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

    static IllegalStateException fail(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    static int check(int r) throws FuseException {
        if (r == -1) {
            throw new FuseException(Errno.of((int) ERRNO.get(state(), 0L)));
        }
        return r;
    }

    static long check(long r) throws FuseException {
        if (r == -1) {
            throw new FuseException(Errno.of((int) ERRNO.get(state(), 0L)));
        }
        return r;
    }

    static MemorySegment state() {
        return Frame.errnoState();
    }

    static MethodHandle fn(String name, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(
                LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"));
    }

    static MethodHandle variadic(String name, int fixed, MemoryLayout ret, MemoryLayout... args) {
        return LINKER.downcallHandle(
                LINKER.defaultLookup().find(name).orElseThrow(),
                FunctionDescriptor.of(ret, args),
                Linker.Option.captureCallState("errno"),
                Linker.Option.firstVariadicArg(fixed));
    }
}
