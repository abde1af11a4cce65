package io.aetherfs.fuse.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.aetherfs.fuse.FuseFilesystem;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@code struct fuse_lowlevel_ops} of a session: one upcall stub per operation the filesystem
 * overrides, NULL for the others (so libfuse and the kernel treat them as missing and fall back as they
 * document), plus init, destroy and retrieve_reply, which the binding always handles.
 */
final class OpsTable {

    /** The number of function pointers in libfuse 3.14's {@code fuse_lowlevel_ops}. */
    static final int SLOTS = 44;

    private static final MemoryLayout P = ADDRESS, I = JAVA_INT, L = JAVA_LONG;

    /** One slot: its index, the upcall method, the API method that enables it (null: always), its C signature. */
    private record Slot(int index, String method, String apiMethod, MemoryLayout... args) {}

    private static final List<Slot> SLOTS_USED = List.of(
            new Slot(0, "init", null, P, P),
            new Slot(1, "destroy", null, P),
            new Slot(2, "lookup", "lookup", P, L, P),
            new Slot(3, "forget", "forget", P, L, L),
            new Slot(4, "getattr", "getattr", P, L, P),
            new Slot(5, "setattr", "setattr", P, L, P, I, P),
            new Slot(6, "readlink", "readlink", P, L),
            new Slot(7, "mknod", "mknod", P, L, P, I, L),
            new Slot(8, "mkdir", "mkdir", P, L, P, I),
            new Slot(9, "unlink", "unlink", P, L, P),
            new Slot(10, "rmdir", "rmdir", P, L, P),
            new Slot(11, "symlink", "symlink", P, P, L, P),
            new Slot(12, "rename", "rename", P, L, P, L, P, I),
            new Slot(13, "link", "link", P, L, L, P),
            new Slot(14, "open", "open", P, L, P),
            new Slot(15, "read", "read", P, L, L, L, P),
            new Slot(16, "write", "write", P, L, P, L, L, P),
            new Slot(17, "flush", "flush", P, L, P),
            new Slot(18, "release", "release", P, L, P),
            new Slot(19, "fsync", "fsync", P, L, I, P),
            new Slot(20, "opendir", "opendir", P, L, P),
            new Slot(21, "readdir", "readdir", P, L, L, L, P),
            new Slot(22, "releasedir", "releasedir", P, L, P),
            new Slot(23, "fsyncdir", "fsyncdir", P, L, I, P),
            new Slot(24, "statfs", "statfs", P, L),
            new Slot(25, "setxattr", "setxattr", P, L, P, P, L, I),
            new Slot(26, "getxattr", "getxattr", P, L, P, L),
            new Slot(27, "listxattr", "listxattr", P, L, L),
            new Slot(28, "removexattr", "removexattr", P, L, P),
            new Slot(29, "access", "access", P, L, I),
            new Slot(30, "create", "create", P, L, P, I, P),
            new Slot(31, "getlk", "getlk", P, L, P, P),
            new Slot(32, "setlk", "setlk", P, L, P, P, I),
            // 33 bmap, 34 ioctl, 35 poll, 36 write_buf: not offered
            new Slot(37, "retrieveReply", null, P, P, L, L, P),
            new Slot(38, "forgetMulti", "forget", P, L, P),
            new Slot(39, "flock", "flock", P, L, P, I),
            new Slot(40, "fallocate", "fallocate", P, L, I, L, L, P),
            new Slot(41, "readdirplus", "readdirplus", P, L, L, L, P),
            new Slot(42, "copyFileRange", "copyFileRange", P, L, L, P, L, L, P, L, I),
            new Slot(43, "lseek", "lseek", P, L, L, I, P));

    private OpsTable() {}

    /** Returns the ops structure for {@code fs}, its stubs allocated in {@code arena} (which must outlive the session). */
    static MemorySegment build(SessionCore core, FuseFilesystem fs, Arena arena) {
        Set<String> implemented = implemented(fs);
        Upcalls[] groups = {new EntryUpcalls(core, fs), new FileUpcalls(core, fs), new DirUpcalls(core, fs)};
        MemorySegment ops = arena.allocate(ADDRESS.byteSize() * SLOTS);
        for (Slot s : SLOTS_USED) {
            if (s.apiMethod() != null && !implemented.contains(s.apiMethod())) {
                continue;
            }
            FunctionDescriptor fd = FunctionDescriptor.ofVoid(s.args());
            MethodHandle target = handle(groups, s.method(), fd);
            ops.setAtIndex(ADDRESS, s.index(), LibFuse.linker().upcallStub(target, fd, arena));
        }
        return ops;
    }

    /** Returns the names of the FuseFilesystem methods that {@code fs} overrides. */
    static Set<String> implemented(FuseFilesystem fs) {
        Set<String> names = new HashSet<>();
        for (Method m : fs.getClass().getMethods()) {
            if (m.getDeclaringClass() != FuseFilesystem.class && !m.isSynthetic() && !m.isBridge()) {
                names.add(m.getName());
            }
        }
        return names;
    }

    private static MethodHandle handle(Upcalls[] groups, String method, FunctionDescriptor fd) {
        for (Upcalls g : groups) {
            try {
                return MethodHandles.lookup()
                        .findVirtual(g.getClass(), method, fd.toMethodType())
                        .bindTo(g);
            } catch (NoSuchMethodException e) {
                // try the next group
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no upcall " + method + fd.toMethodType());
    }
}
