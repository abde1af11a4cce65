package io.aetherfs.fuse.passthrough;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.aetherfs.fuse.CreateReply;
import io.aetherfs.fuse.Entry;
import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.OpenFile;
import io.aetherfs.fuse.OpenReply;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open files and directories of the passthrough. An open file's handle is its host descriptor (reads
 * are answered from it directly); an open directory's handle names a {@link DirHandle}. Also owns the
 * lock table, since locks follow open files.
 */
final class OpenFiles {

    final HostLocks locks = new HostLocks();
    private final PassthroughFs fs;
    private final Map<Long, DirHandle> dirs = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> fds = new ConcurrentHashMap<>();
    private final AtomicLong nextDir = new AtomicLong(1);

    OpenFiles(PassthroughFs fs) {
        this.fs = fs;
    }

    void open(Inode i, int flags, OpenReply reply) throws FuseException {
        try (Frame f = Frame.open()) {
            int fd = Libc.openat(Libc.AT_FDCWD, f.procPath(i.fd), hostFlags(flags) & ~Libc.O_CREAT, 0);
            fds.put(fd, Boolean.TRUE);
            reply.opened(handle(fd));
        }
    }

    void create(Inode parent, String name, int mode, int flags, CreateReply reply) throws FuseException {
        try (Frame f = Frame.open()) {
            MemorySegment n = f.cString(name);
            int fd = Libc.openat(parent.fd, n, hostFlags(flags) | Libc.O_CREAT, mode);
            Entry e;
            try {
                e = fs.created(parent, n, mode, reply.caller(), f);
            } catch (FuseException | RuntimeException x) {
                Libc.close(fd);
                throw x;
            }
            fds.put(fd, Boolean.TRUE);
            reply.created(e, handle(fd));
        }
    }

    /** Adjusts open flags: with the writeback cache the kernel may read a write-only file and handles O_APPEND. */
    private int hostFlags(int flags) {
        int h = flags & ~Libc.O_NOFOLLOW | Libc.O_CLOEXEC;
        if (fs.options.writeback()) {
            if ((h & Libc.O_ACCMODE) == Libc.O_WRONLY) {
                h = (h & ~Libc.O_ACCMODE) | Libc.O_RDWR;
            }
            h &= ~Libc.O_APPEND;
        }
        return h;
    }

    private OpenFile handle(int fd) {
        return switch (fs.options.cache()) {
            case NEVER -> new OpenFile(fd, true, false, false, false, false);
            case AUTO -> OpenFile.of(fd);
            case ALWAYS -> OpenFile.cached(fd);
        };
    }

    /**
     * A descriptor of the file was closed: drops the owner's POSIX locks. (passthrough_ll also closes a dup of
     * the host descriptor here, to surface close-time errors of network filesystems; on local disks that is
     * two system calls per close for nothing.)
     */
    void flush(long ino, long fh, long lockOwner) {
        locks.release(ino, lockOwner);
    }

    void release(long fh) {
        if (fds.remove((int) fh) != null) {
            Libc.close((int) fh);
        }
    }

    long copyRange(long fhIn, long offIn, long fhOut, long offOut, long length, int flags) throws FuseException {
        try (Frame f = Frame.open()) {
            MemorySegment in = f.allocate(JAVA_LONG), out = f.allocate(JAVA_LONG);
            in.set(JAVA_LONG, 0, offIn);
            out.set(JAVA_LONG, 0, offOut);
            return LibcFiles.copyFileRange((int) fhIn, in, (int) fhOut, out, length, flags);
        }
    }

    void opendir(Inode i, OpenReply reply) throws FuseException {
        try (Frame f = Frame.open()) {
            int fd = Libc.openat(i.fd, f.cString("."), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
            long id = nextDir.getAndIncrement();
            dirs.put(id, new DirHandle(fd));
            boolean cache = fs.options.cache() == PassthroughOptions.Cache.ALWAYS;
            reply.opened(new OpenFile(id, false, cache, false, cache, false));
        }
    }

    DirHandle dir(long fh) throws FuseException {
        DirHandle d = dirs.get(fh);
        if (d == null) {
            throw new FuseException(Errno.EBADF, "unknown directory handle " + fh);
        }
        return d;
    }

    void releasedir(long fh) {
        DirHandle d = dirs.remove(fh);
        if (d != null) {
            Libc.close(d.fd);
        }
    }

    /** Returns how many files and directories are open. */
    int openCount() {
        return fds.size() + dirs.size();
    }

    void closeAll() {
        dirs.values().forEach(d -> Libc.close(d.fd));
        dirs.clear();
        fds.keySet().forEach(Libc::close);
        fds.clear();
        locks.closeAll();
    }
}
