package io.aetherfs.fuse;

import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/**
 * A filesystem served through libfuse's low-level API: operations on inodes named by node ids (1 is the
 * root), each answered through its reply object. An operation that is not overridden is not offered to the
 * kernel at all, which then behaves as libfuse documents for a missing operation (ENOSYS, or a local
 * fallback such as kernel-local locks); the default bodies answer ENOSYS for a subclass that calls them.
 *
 * <p>Operations run on the session's worker threads, several at once. Throwing {@link FuseException}
 * answers its errno; throwing anything else answers EIO and logs it; an operation that runs longer than
 * the session's callback timeout is answered EIO by a watchdog. Name strings decode the kernel's bytes as
 * UTF-8, undecodable bytes as lone surrogates U+DC80..U+DCFF, so names round-trip exactly.
 */
public interface FuseFilesystem {

    /** Flag of {@link #rename}: fail with EEXIST if the new name exists. */
    int RENAME_NOREPLACE = 1;
    /** Flag of {@link #rename}: atomically swap the two names, which both must exist. */
    int RENAME_EXCHANGE = 2;

    /** Negotiates the connection before the first request; the default keeps libfuse's defaults. */
    default void init(Connection connection) {}

    /** Is called once when the session ends (after unmount). */
    default void destroy() {}

    /** Resolves {@code name} in directory {@code parent}. */
    default void lookup(long parent, String name, EntryReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** The kernel dropped {@code nlookup} lookups of {@code nodeId}; at zero the id may be forgotten. */
    default void forget(long nodeId, long nlookup) {}

    /** Returns the attributes of {@code ino}. */
    default void getattr(long ino, AttrReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Applies {@code changes} to {@code ino} (through the open file {@code fh} if given), answering the result. */
    default void setattr(long ino, SetAttr changes, OptionalLong fh, AttrReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Reads the target of symbolic link {@code ino}. */
    default void readlink(long ino, ReadlinkReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Creates a file node (regular, device, fifo, socket) {@code name} in {@code parent}. */
    default void mknod(long parent, String name, int mode, long rdev, EntryReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Creates directory {@code name} in {@code parent}. */
    default void mkdir(long parent, String name, int mode, EntryReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Removes the non-directory {@code name} from {@code parent}. */
    default void unlink(long parent, String name, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Removes the empty directory {@code name} from {@code parent}. */
    default void rmdir(long parent, String name, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Creates symbolic link {@code name} in {@code parent} pointing at {@code target}. */
    default void symlink(String target, long parent, String name, EntryReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Renames; {@code flags} may hold {@link #RENAME_NOREPLACE} or {@link #RENAME_EXCHANGE}. */
    default void rename(long parent, String name, long newParent, String newName, int flags, StatusReply reply)
            throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Makes {@code newName} in {@code newParent} a hard link to {@code ino}. */
    default void link(long ino, long newParent, String newName, EntryReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Opens file {@code ino} with {@code open(2)} {@code flags}. */
    default void open(long ino, int flags, OpenReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Reads up to {@code size} bytes at {@code offset} of the open file {@code fh}. */
    default void read(long ino, long fh, long offset, int size, ReadReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Writes {@code data} at {@code offset} of the open file {@code fh}. {@code data} is libfuse's own buffer
     * (no copy); it is valid only until this method returns.
     */
    default void write(long ino, long fh, long offset, MemorySegment data, WriteReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** A descriptor of the open file was closed; drop the POSIX locks of {@code lockOwner}. */
    default void flush(long ino, long fh, long lockOwner, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** The last descriptor of the open file is gone; release its handle. */
    default void release(long ino, FileInfo file, StatusReply reply) throws FuseException {
        reply.ok();
    }

    /** Makes the open file's data (and, unless {@code dataOnly}, its metadata) durable. */
    default void fsync(long ino, long fh, boolean dataOnly, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Opens directory {@code ino} for listing. */
    default void opendir(long ino, int flags, OpenReply reply) throws FuseException {
        reply.opened(OpenFile.of(0));
    }

    /** Lists the directory from {@code offset} (0, or an entry's next offset). */
    default void readdir(long ino, long fh, long offset, DirReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Lists the directory from {@code offset} with each entry's attributes. */
    default void readdirplus(long ino, long fh, long offset, DirPlusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Releases the directory handle {@code fh}. */
    default void releasedir(long ino, long fh, StatusReply reply) throws FuseException {
        reply.ok();
    }

    /** Makes the directory's contents durable. */
    default void fsyncdir(long ino, long fh, boolean dataOnly, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Reports the filesystem's capacity. */
    default void statfs(long ino, StatfsReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Sets extended attribute {@code name}; {@code value} is valid only until this method returns. */
    default void setxattr(long ino, String name, MemorySegment value, int flags, StatusReply reply)
            throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Reads extended attribute {@code name} into at most {@code size} bytes (0: report its size). */
    default void getxattr(long ino, String name, int size, XattrReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Lists extended attribute names, NUL-terminated, into at most {@code size} bytes (0: report the size). */
    default void listxattr(long ino, int size, XattrReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Removes extended attribute {@code name}. */
    default void removexattr(long ino, String name, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Checks {@code access(2)} permission {@code mask} (not sent with the default_permissions option). */
    default void access(long ino, int mask, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Creates and opens regular file {@code name} in {@code parent}. */
    default void create(long parent, String name, int mode, int flags, CreateReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Tests for a POSIX lock conflicting with {@code lock} held by an owner other than the file's. */
    default void getlk(long ino, FileInfo file, Lock lock, LockReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Acquires or releases a POSIX lock for {@code file.lockOwner()}. With {@code wait}, blocks until it can be
     * had: keep the reply, answer later, and answer EINTR once {@link Reply#isInterrupted()}.
     */
    default void setlk(long ino, FileInfo file, Lock lock, boolean wait, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Applies {@code flock(2)} operation {@code op} (LOCK_SH, LOCK_EX, LOCK_UN, maybe | LOCK_NB). */
    default void flock(long ino, FileInfo file, int op, StatusReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Allocates or punches the range, as {@code fallocate(2)} with {@code mode}. */
    default void fallocate(long ino, long fh, int mode, long offset, long length, StatusReply reply)
            throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Finds data or a hole ({@code whence} SEEK_DATA 3, SEEK_HOLE 4) from {@code offset}. */
    default void lseek(long ino, long fh, long offset, int whence, LseekReply reply) throws FuseException {
        reply.error(Errno.ENOSYS);
    }

    /** Copies {@code length} bytes between two open files without passing them through the caller. */
    default void copyFileRange(
            long inoIn,
            long fhIn,
            long offIn,
            long inoOut,
            long fhOut,
            long offOut,
            long length,
            int flags,
            WriteReply reply)
            throws FuseException {
        reply.error(Errno.ENOSYS);
    }
}
