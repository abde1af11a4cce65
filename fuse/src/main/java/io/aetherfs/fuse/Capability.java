package io.aetherfs.fuse;

import java.util.EnumSet;
import java.util.Set;

/**
 * An optional behaviour of the kernel-filesystem connection ({@code FUSE_CAP_*} of libfuse 3.14), offered by
 * the kernel and requested by the filesystem in {@link FuseFilesystem#init}.
 */
public enum Capability {
    /** Reads of one file may be sent in parallel and out of order. */
    ASYNC_READ(1),
    /** The filesystem implements POSIX record locks ({@code getlk}/{@code setlk}). */
    POSIX_LOCKS(1 << 1),
    /** {@code open} handles {@code O_TRUNC} itself. */
    ATOMIC_O_TRUNC(1 << 3),
    /** Lookups of "." and ".." work (needed to export the mount over NFS). */
    EXPORT_SUPPORT(1 << 4),
    /** The kernel does not apply the umask to created files' modes. */
    DONT_MASK(1 << 6),
    /** Read replies may be spliced from a file descriptor into the device. */
    SPLICE_WRITE(1 << 7),
    /** Spliced read replies may move pages rather than copy them. */
    SPLICE_MOVE(1 << 8),
    /** Write data may be spliced from the device. */
    SPLICE_READ(1 << 9),
    /** The filesystem implements BSD locks ({@code flock}). */
    FLOCK_LOCKS(1 << 10),
    /** ioctl on directories. */
    IOCTL_DIR(1 << 11),
    /** The kernel drops cached data when it sees the file's size or mtime change. */
    AUTO_INVAL_DATA(1 << 12),
    /** Directory listings may carry each entry's attributes ({@code readdirplus}). */
    READDIRPLUS(1 << 13),
    /** The kernel chooses between readdir and readdirplus by how the directory is used. */
    READDIRPLUS_AUTO(1 << 14),
    /** Asynchronous direct I/O. */
    ASYNC_DIO(1 << 15),
    /** The kernel caches writes and sends them later, in larger pieces. */
    WRITEBACK_CACHE(1 << 16),
    /** {@code open} may answer ENOSYS once to mean every open succeeds without a handle. */
    NO_OPEN_SUPPORT(1 << 17),
    /** Lookups and readdirs of one directory may run in parallel. */
    PARALLEL_DIROPS(1 << 18),
    /** The kernel enforces POSIX ACLs kept in xattrs. */
    POSIX_ACL(1 << 19),
    /** The filesystem clears set-user-id bits on write and chown itself. */
    HANDLE_KILLPRIV(1 << 20),
    /** The kernel caches symbolic link targets. */
    CACHE_SYMLINKS(1 << 23),
    /** {@code opendir} may answer ENOSYS once to mean every opendir succeeds without a handle. */
    NO_OPENDIR_SUPPORT(1 << 24),
    /** Cached data is only dropped when the filesystem invalidates it. */
    EXPLICIT_INVAL_DATA(1 << 25),
    /** Entries can be expired without being dropped. */
    EXPIRE_ONLY(1 << 26);

    private final int bit;

    Capability(int bit) {
        this.bit = bit;
    }

    /** Returns the {@code FUSE_CAP_*} bit. */
    public int bit() {
        return bit;
    }

    /** Returns the capabilities whose bits are set in {@code bits}. */
    public static Set<Capability> fromBits(int bits) {
        EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
        for (Capability c : values()) {
            if ((bits & c.bit) != 0) {
                set.add(c);
            }
        }
        return set;
    }

    /** Returns the bits of {@code capabilities}. */
    public static int toBits(Set<Capability> capabilities) {
        int bits = 0;
        for (Capability c : capabilities) {
            bits |= c.bit;
        }
        return bits;
    }
}
