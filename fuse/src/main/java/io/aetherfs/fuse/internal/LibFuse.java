package io.aetherfs.fuse.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The downcalls into libfuse3: the library is found by the dynamic loader as {@code libfuse3.so.3}, or at the
 * path given by the system property {@code io.aetherfs.fuse.library} or the environment variable
 * {@code AETHERFS_FUSE_LIBRARY}. Loaded on first use; a missing library fails with a message saying so.
 */
final class LibFuse {

    static final String LIBRARY_PROPERTY = "io.aetherfs.fuse.library";
    static final String LIBRARY_ENV = "AETHERFS_FUSE_LIBRARY";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = load();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    static final MethodHandle SESSION_NEW = fn("fuse_session_new", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    static final MethodHandle SESSION_MOUNT = fn("fuse_session_mount", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle SESSION_RECEIVE_BUF = fn("fuse_session_receive_buf", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle SESSION_PROCESS_BUF = fnVoid("fuse_session_process_buf", ADDRESS, ADDRESS);
    static final MethodHandle SESSION_EXIT = fnVoid("fuse_session_exit", ADDRESS);
    static final MethodHandle SESSION_EXITED = fn("fuse_session_exited", JAVA_INT, ADDRESS);
    static final MethodHandle SESSION_UNMOUNT = fnVoid("fuse_session_unmount", ADDRESS);
    static final MethodHandle SESSION_DESTROY = fnVoid("fuse_session_destroy", ADDRESS);
    static final MethodHandle PKGVERSION = fn("fuse_pkgversion", ADDRESS);
    static final MethodHandle OPT_FREE_ARGS = fnVoid("fuse_opt_free_args", ADDRESS);

    static final MethodHandle REPLY_ERR = critical("fuse_reply_err", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle REPLY_NONE = criticalVoid("fuse_reply_none", ADDRESS);
    static final MethodHandle REPLY_ENTRY = critical("fuse_reply_entry", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle REPLY_CREATE = critical("fuse_reply_create", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle REPLY_ATTR = critical("fuse_reply_attr", JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE);
    static final MethodHandle REPLY_READLINK = critical("fuse_reply_readlink", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle REPLY_OPEN = critical("fuse_reply_open", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle REPLY_WRITE = critical("fuse_reply_write", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle REPLY_BUF = critical("fuse_reply_buf", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle REPLY_DATA = fn("fuse_reply_data", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle REPLY_STATFS = critical("fuse_reply_statfs", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle REPLY_XATTR = critical("fuse_reply_xattr", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle REPLY_LOCK = critical("fuse_reply_lock", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle REPLY_LSEEK = critical("fuse_reply_lseek", JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle ADD_DIRENTRY =
            critical("fuse_add_direntry", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle ADD_DIRENTRY_PLUS =
            critical("fuse_add_direntry_plus", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle REQ_CTX = critical("fuse_req_ctx", ADDRESS, ADDRESS);
    static final MethodHandle REQ_INTERRUPTED = critical("fuse_req_interrupted", JAVA_INT, ADDRESS);

    static final MethodHandle NOTIFY_INVAL_INODE =
            fn("fuse_lowlevel_notify_inval_inode", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    static final MethodHandle NOTIFY_INVAL_ENTRY =
            fn("fuse_lowlevel_notify_inval_entry", JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle NOTIFY_DELETE =
            fn("fuse_lowlevel_notify_delete", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG);
    static final MethodHandle NOTIFY_STORE =
            fn("fuse_lowlevel_notify_store", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT);
    static final MethodHandle NOTIFY_RETRIEVE =
            fn("fuse_lowlevel_notify_retrieve", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS);

    static final MethodHandle MALLOC = LINKER.downcallHandle(
            LIBC.find("malloc").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_LONG),
            Linker.Option.critical(false));
    static final MethodHandle FREE = LINKER.downcallHandle(
            LIBC.find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS), Linker.Option.critical(false));
    static final MethodHandle UMOUNT2 = LINKER.downcallHandle(
            LIBC.find("umount2").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private LibFuse() {}

    /** Returns the libfuse version string, such as "3.14.0". */
    static String version() {
        try {
            return ((MemorySegment) PKGVERSION.invokeExact()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Returns the linker the binding uses for downcalls and upcall stubs. */
    static Linker linker() {
        return LINKER;
    }

    private static SymbolLookup load() {
        String name = System.getProperty(LIBRARY_PROPERTY);
        if (name == null || name.isBlank()) {
            name = System.getenv(LIBRARY_ENV);
        }
        if (name == null || name.isBlank()) {
            name = "libfuse3.so.3";
        }
        try {
            return SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError("cannot load " + name + " (install the Debian packages fuse3 and "
                    + "libfuse3-3, or set -D" + LIBRARY_PROPERTY + " / " + LIBRARY_ENV + "): " + e.getMessage());
        }
    }

    private static MethodHandle fn(
            String name, java.lang.foreign.MemoryLayout ret, java.lang.foreign.MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(ret, args));
    }

    private static MethodHandle fnVoid(String name, java.lang.foreign.MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.ofVoid(args));
    }

    /**
     * A short call that never blocks for long nor calls back into Java (a reply: one write to the device;
     * packing a directory entry): {@link Linker.Option#critical} skips the thread-state transition around it.
     * Not for calls that may wait (receiving, notifications, replies that read a file).
     */
    private static MethodHandle critical(
            String name, java.lang.foreign.MemoryLayout ret, java.lang.foreign.MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(ret, args), Linker.Option.critical(false));
    }

    private static MethodHandle criticalVoid(String name, java.lang.foreign.MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.ofVoid(args), Linker.Option.critical(false));
    }

    private static MemorySegment symbol(String name) {
        return LIB.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libfuse3 has no symbol " + name));
    }
}
