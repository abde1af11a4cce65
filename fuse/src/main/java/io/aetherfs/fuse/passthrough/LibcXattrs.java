package io.aetherfs.fuse.passthrough;

import static io.aetherfs.fuse.passthrough.Libc.I;
import static io.aetherfs.fuse.passthrough.Libc.L;
import static io.aetherfs.fuse.passthrough.Libc.P;
import static io.aetherfs.fuse.passthrough.Libc.check;
import static io.aetherfs.fuse.passthrough.Libc.fail;
import static io.aetherfs.fuse.passthrough.Libc.fn;
import static io.aetherfs.fuse.passthrough.Libc.state;

import io.aetherfs.fuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** The xattr calls of the passthrough, on {@code /proc/self/fd/N} paths; see {@link Libc} for the conventions. */
final class LibcXattrs {
    private static final MethodHandle GETXATTR = fn("getxattr", L, P, P, P, L);
    private static final MethodHandle SETXATTR = fn("setxattr", I, P, P, P, L, I);
    private static final MethodHandle LISTXATTR = fn("listxattr", L, P, P, L);
    private static final MethodHandle REMOVEXATTR = fn("removexattr", I, P, P);

    private LibcXattrs() {}

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
}
