package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FileInfo;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.Lock;
import io.aetherfs.fuse.LockReply;
import io.aetherfs.fuse.StatusReply;
import io.aetherfs.fuse.internal.Codec;
import io.aetherfs.fuse.internal.Structs;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * POSIX and BSD locks of the passthrough, taken on the host so that they also conflict with processes
 * using the source directory directly. A POSIX lock owner of the mount (one process's file table, as the
 * kernel names it) gets its own host descriptor per inode and locks through it with open-file-description
 * locks ({@code F_OFD_SETLK}), so owners conflict with each other exactly as processes would; flushing the
 * owner's file closes that descriptor, which drops its locks. BSD locks go on the open file's own host
 * descriptor. A blocking request waits on a virtual thread, retrying, and answers EINTR once the caller is
 * interrupted; deadlock detection across owners is not done (no EDEADLK).
 */
final class HostLocks {

    private static final int EAGAIN = Errno.EAGAIN.number(), EACCES = Errno.EACCES.number();

    private record Owner(long nodeId, long lockOwner) {}

    private final Map<Owner, Integer> fds = new HashMap<>();

    /** Tests for a lock conflicting with {@code lock}. */
    void getlk(Inode inode, FileInfo fi, Lock lock, LockReply reply) throws FuseException {
        try (Frame f = Frame.open()) {
            MemorySegment fl = f.allocate(Structs.FLOCK);
            Codec.flock(fl, new Lock(lock.type(), lock.start(), lock.length(), 0));
            LibcFiles.fcntlLock(ownerFd(inode, fi.lockOwner()), Libc.F_OFD_GETLK, fl);
            Lock found = Codec.lock(fl);
            reply.lock(new Lock(found.type(), found.start(), found.length(), Math.max(0, found.pid())));
        }
    }

    /** Sets or clears a POSIX lock, waiting for it if {@code wait}. */
    void setlk(Inode inode, FileInfo fi, Lock lock, boolean wait, StatusReply reply) throws FuseException {
        if (lock.type() == Lock.F_UNLCK) {
            synchronized (this) {
                if (!fds.containsKey(new Owner(inode.nodeId, fi.lockOwner()))) {
                    reply.ok(); // the owner holds nothing here
                    return;
                }
            }
        }
        Attempt attempt = () -> {
            int fd = ownerFd(inode, fi.lockOwner()); // again on every try: a flush may have closed the last one
            try (Frame f = Frame.open()) {
                MemorySegment fl = f.allocate(Structs.FLOCK);
                Codec.flock(fl, new Lock(lock.type(), lock.start(), lock.length(), 0));
                LibcFiles.fcntlLock(fd, Libc.F_OFD_SETLK, fl);
            }
        };
        acquire(attempt, wait && lock.type() != Lock.F_UNLCK, reply);
    }

    /** Applies a BSD lock operation to the open file {@code fh}. */
    void flock(long fh, int op, StatusReply reply) throws FuseException {
        boolean wait = (op & Libc.LOCK_NB) == 0;
        acquire(() -> LibcFiles.flock((int) fh, op | Libc.LOCK_NB), wait, reply);
    }

    /** Drops the POSIX locks of {@code lockOwner} on {@code nodeId} (a descriptor of it was closed). */
    void release(long nodeId, long lockOwner) {
        Integer fd;
        synchronized (this) {
            fd = fds.remove(new Owner(nodeId, lockOwner));
        }
        if (fd != null) {
            Libc.close(fd);
        }
    }

    /** Drops every lock descriptor of {@code nodeId} (the kernel forgot the inode). */
    synchronized void forgotten(long nodeId) {
        for (Iterator<Map.Entry<Owner, Integer>> it = fds.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Owner, Integer> e = it.next();
            if (e.getKey().nodeId() == nodeId) {
                Libc.close(e.getValue());
                it.remove();
            }
        }
    }

    /** Closes every lock descriptor. */
    synchronized void closeAll() {
        fds.values().forEach(Libc::close);
        fds.clear();
    }

    /** One non-blocking try at a lock. */
    private interface Attempt {
        void run() throws FuseException;
    }

    private static void acquire(Attempt attempt, boolean wait, StatusReply reply) throws FuseException {
        try {
            attempt.run();
            reply.ok();
            return;
        } catch (FuseException e) {
            if (!wait || (e.errno().number() != EAGAIN && e.errno().number() != EACCES)) {
                throw e;
            }
        }
        Thread.ofVirtual().name("fuse-lock-wait").start(() -> waitFor(attempt, reply));
    }

    private static void waitFor(Attempt attempt, StatusReply reply) {
        long pause = 1;
        try {
            while (!reply.isAnswered()) {
                if (reply.isInterrupted()) {
                    reply.error(Errno.EINTR);
                    return;
                }
                try {
                    attempt.run();
                    reply.ok();
                    return;
                } catch (FuseException e) {
                    if (e.errno().number() != EAGAIN && e.errno().number() != EACCES) {
                        reply.error(e.errno());
                        return;
                    }
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 20);
            }
        } catch (InterruptedException e) {
            reply.error(Errno.EINTR);
        } catch (RuntimeException e) {
            reply.error(Errno.EIO);
        }
    }

    private int ownerFd(Inode inode, long lockOwner) throws FuseException {
        Owner key = new Owner(inode.nodeId, lockOwner);
        synchronized (this) {
            Integer fd = fds.get(key);
            if (fd != null) {
                return fd;
            }
        }
        int fd;
        try (Frame f = Frame.open()) {
            MemorySegment path = f.procPath(inode.fd);
            try {
                fd = Libc.openat(Libc.AT_FDCWD, path, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
            } catch (FuseException e) {
                fd = Libc.openat(Libc.AT_FDCWD, path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            }
        }
        synchronized (this) {
            Integer raced = fds.putIfAbsent(key, fd);
            if (raced != null) {
                Libc.close(fd);
                return raced;
            }
            return fd;
        }
    }
}
