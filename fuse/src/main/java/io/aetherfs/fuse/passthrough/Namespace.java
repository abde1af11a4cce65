package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.Caller;
import io.aetherfs.fuse.Entry;
import io.aetherfs.fuse.EntryReply;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.StatusReply;
import java.lang.foreign.MemorySegment;

/**
 * The passthrough's namespace changes (mknod, mkdir, symlink, link, unlink, rmdir, rename), each one *at
 * call relative to the parent's O_PATH descriptor; new nodes take the caller's ownership.
 */
final class Namespace {
    private final Inodes inodes;
    private final Ownership ownership;

    Namespace(Inodes inodes, Ownership ownership) {
        this.inodes = inodes;
        this.ownership = ownership;
    }

    void mknod(long parent, String name, int mode, long rdev, EntryReply reply) throws FuseException {
        Inode p = inodes.get(parent);
        try (Frame f = Frame.open()) {
            MemorySegment n = f.cString(name);
            Libc.mknodat(p.fd, n, mode, rdev);
            reply.entry(created(p, n, mode, reply.caller(), f));
        }
    }

    void mkdir(long parent, String name, int mode, EntryReply reply) throws FuseException {
        Inode p = inodes.get(parent);
        try (Frame f = Frame.open()) {
            MemorySegment n = f.cString(name);
            Libc.mkdirat(p.fd, n, mode);
            reply.entry(created(p, n, mode, reply.caller(), f));
        }
    }

    void symlink(String target, long parent, String name, EntryReply reply) throws FuseException {
        Inode p = inodes.get(parent);
        try (Frame f = Frame.open()) {
            MemorySegment n = f.cString(name);
            Libc.symlinkat(f.cString(target), p.fd, n);
            reply.entry(created(p, n, -1, reply.caller(), f));
        }
    }

    /** Gives a new node the caller's ownership and exact mode, then looks it up. */
    Entry created(Inode parent, MemorySegment name, int mode, Caller caller, Frame f) throws FuseException {
        ownership.adopt(parent, name, mode, caller);
        return inodes.lookup(parent, name, f);
    }

    void link(long ino, long newParent, String newName, EntryReply reply) throws FuseException {
        Inode i = inodes.get(ino);
        Inode p = inodes.get(newParent);
        try (Frame f = Frame.open()) {
            MemorySegment n = f.cString(newName);
            if (ownership.privileged()) {
                Libc.linkat(i.fd, f.cString(""), p.fd, n, Libc.AT_EMPTY_PATH);
            } else {
                Libc.linkat(Libc.AT_FDCWD, f.procPath(i.fd), p.fd, n, Libc.AT_SYMLINK_FOLLOW);
            }
            reply.entry(inodes.lookup(p, n, f));
        }
    }

    void unlink(long parent, String name, StatusReply reply) throws FuseException {
        Inode p = inodes.get(parent);
        try (Frame f = Frame.open()) {
            Libc.unlinkat(p.fd, f.cString(name), 0);
        }
        reply.ok();
    }

    void rmdir(long parent, String name, StatusReply reply) throws FuseException {
        Inode p = inodes.get(parent);
        try (Frame f = Frame.open()) {
            Libc.unlinkat(p.fd, f.cString(name), Libc.AT_REMOVEDIR);
        }
        reply.ok();
    }

    void rename(long parent, String name, long newParent, String newName, int flags, StatusReply reply)
            throws FuseException {
        Inode p = inodes.get(parent);
        Inode np = inodes.get(newParent);
        try (Frame f = Frame.open()) {
            Libc.renameat2(p.fd, f.cString(name), np.fd, f.cString(newName), flags);
        }
        reply.ok();
    }
}
