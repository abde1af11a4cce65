package io.aetherfs.fuse.passthrough;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The tests' own small door to the system calls Java's NIO lacks (fcntl locks, flock, fallocate, lseek with
 * SEEK_DATA/SEEK_HOLE, copy_file_range, renameat2, mknod, raw-byte stat, glibc's malloc statistics),
 * independent of the passthrough's bindings. Failures throw {@link Failed} with the errno.
 */
final class Syscalls {

    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100;
    static final int F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
    static final short F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
    static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    static final int SEEK_SET = 0, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;
    static final int FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2;
    static final int RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;
    static final int EAGAIN = 11, EEXIST = 17, EINTR = 4, ENOENT = 2;

    /** A failed call and its errno. */
    static final class Failed extends RuntimeException {
        final int errno;

        Failed(String call, int errno) {
            super(call + " failed: errno " + errno);
            this.errno = errno;
        }
    }

    private static final Linker L = Linker.nativeLinker();
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final MethodHandle OPEN = h("open", 2, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = h("close", -1, JAVA_INT, JAVA_INT);
    private static final MethodHandle FCNTL = h("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle FLOCK = h("flock", -1, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle FALLOCATE =
            h("fallocate", -1, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle LSEEK = h("lseek", -1, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle COPY =
            h("copy_file_range", -1, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RENAMEAT2 =
            h("renameat2", -1, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle MKNOD = h("mknod", -1, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
    private static final MethodHandle ACCESS = h("access", -1, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle STAT = h("stat", -1, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle MALLINFO2 = L.downcallHandle(
            L.defaultLookup().find("mallinfo2").orElseThrow(),
            FunctionDescriptor.of(MemoryLayout.structLayout(MemoryLayout.sequenceLayout(10, JAVA_LONG))));

    private Syscalls() {}

    static int open(Path p, int flags, int mode) {
        return (int) call("open", OPEN, cstr(p.toString()), flags, mode);
    }

    /** Opens the path given as raw bytes (names that are not UTF-8). */
    static int open(byte[] path, int flags, int mode) {
        return (int) call("open", OPEN, raw(path), flags, mode);
    }

    static void close(int fd) {
        call("close", CLOSE, fd);
    }

    /** fcntl with a struct flock: returns the lock as {type, start, len, pid} after the call. */
    static long[] fcntlLock(int fd, int cmd, short type, long start, long len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fl = a.allocate(32, 8);
            fl.set(JAVA_SHORT, 0, type);
            fl.set(JAVA_LONG, 8, start);
            fl.set(JAVA_LONG, 16, len);
            call("fcntl", FCNTL, fd, cmd, fl);
            return new long[] {fl.get(JAVA_SHORT, 0), fl.get(JAVA_LONG, 8), fl.get(JAVA_LONG, 16), fl.get(JAVA_INT, 24)
            };
        }
    }

    static void flock(int fd, int op) {
        call("flock", FLOCK, fd, op);
    }

    static void fallocate(int fd, int mode, long offset, long length) {
        call("fallocate", FALLOCATE, fd, mode, offset, length);
    }

    static long lseek(int fd, long offset, int whence) {
        return (long) call("lseek", LSEEK, fd, offset, whence);
    }

    static long copyFileRange(int in, long offIn, int out, long offOut, long len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocateFrom(JAVA_LONG, offIn), o = a.allocateFrom(JAVA_LONG, offOut);
            return (long) call("copy_file_range", COPY, in, i, out, o, len, 0);
        }
    }

    static void renameat2(Path from, Path to, int flags) {
        call("renameat2", RENAMEAT2, -100, cstr(from.toString()), -100, cstr(to.toString()), flags);
    }

    static void mknod(Path p, int mode, long dev) {
        call("mknod", MKNOD, cstr(p.toString()), mode, dev);
    }

    static void access(Path p, int mode) {
        call("access", ACCESS, cstr(p.toString()), mode);
    }

    /** Returns st_ino of the path given as raw bytes (names that are not UTF-8). */
    static long inodeOf(byte[] path) {
        MemorySegment p = raw(path);
        MemorySegment st = Arena.ofAuto().allocate(144, 8);
        call("stat", STAT, p, st);
        return st.get(JAVA_LONG, 8);
    }

    /** Returns the bytes glibc's malloc has handed out and not got back (uordblks + hblkhd). */
    static long mallocInUse() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = (MemorySegment) MALLINFO2.invokeExact((java.lang.foreign.SegmentAllocator) a);
            return m.get(JAVA_LONG, 7 * 8) + m.get(JAVA_LONG, 4 * 8);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment raw(byte[] path) {
        MemorySegment p = Arena.ofAuto().allocate(path.length + 1L);
        MemorySegment.copy(path, 0, p, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, path.length);
        return p;
    }

    private static MemorySegment cstr(String s) {
        return Arena.ofAuto().allocateFrom(s);
    }

    private static Object call(String name, MethodHandle h, Object... args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            Object[] all = new Object[args.length + 1];
            all[0] = state;
            System.arraycopy(args, 0, all, 1, args.length);
            Object r = h.invokeWithArguments(all);
            if (((Number) r).longValue() == -1) {
                throw new Failed(
                        name, state.get(JAVA_INT, CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"))));
            }
            return r;
        } catch (Failed f) {
            throw f;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle h(String name, int firstVariadic, MemoryLayout ret, MemoryLayout... args) {
        Linker.Option capture = Linker.Option.captureCallState("errno");
        FunctionDescriptor fd = FunctionDescriptor.of(ret, args);
        MemorySegment sym = L.defaultLookup().find(name).orElseThrow();
        return firstVariadic < 0
                ? L.downcallHandle(sym, fd, capture)
                : L.downcallHandle(sym, fd, capture, Linker.Option.firstVariadicArg(firstVariadic));
    }
}
