package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.AttrReply;
import io.aetherfs.fuse.Caller;
import io.aetherfs.fuse.Capability;
import io.aetherfs.fuse.Connection;
import io.aetherfs.fuse.CreateReply;
import io.aetherfs.fuse.DirPlusReply;
import io.aetherfs.fuse.DirReply;
import io.aetherfs.fuse.Entry;
import io.aetherfs.fuse.EntryReply;
import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FileInfo;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.FuseFilesystem;
import io.aetherfs.fuse.FuseSession;
import io.aetherfs.fuse.Lock;
import io.aetherfs.fuse.LockReply;
import io.aetherfs.fuse.LseekReply;
import io.aetherfs.fuse.OpenReply;
import io.aetherfs.fuse.ReadReply;
import io.aetherfs.fuse.ReadlinkReply;
import io.aetherfs.fuse.SetAttr;
import io.aetherfs.fuse.StatfsReply;
import io.aetherfs.fuse.StatusReply;
import io.aetherfs.fuse.WriteReply;
import io.aetherfs.fuse.XattrReply;
import io.aetherfs.fuse.internal.Codec;
import io.aetherfs.fuse.internal.Structs;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A filesystem that mirrors a host directory through the binding, after libfuse's
 * {@code example/passthrough_ll.c}: host inode numbers, hard links sharing one node id, POSIX and BSD locks
 * taken on the host, xattrs, fallocate, SEEK_DATA/SEEK_HOLE, copy_file_range and rename flags, with kernel
 * caching on by default. Name-space operations live here; open files in {@link OpenFiles}.
 */
public class PassthroughFs implements FuseFilesystem {

    final PassthroughOptions options;
    private final Path source;
    final Inodes inodes;
    final Duration timeout;
    final OpenFiles files;
    private final Xattrs xattrs;
    private final Namespace namespace;
    private volatile Pruner pruner;

    /** Mirrors {@code source} (a directory) with {@code options}. */
    public PassthroughFs(Path source, PassthroughOptions options) throws FuseException {
        this.options = options;
        this.source = source.toAbsolutePath().normalize();
        this.timeout = options.effectiveTimeout();
        int rootFd;
        try (Frame f = Frame.open()) {
            rootFd = Libc.openat(
                    Libc.AT_FDCWD, f.cString(source.toAbsolutePath().toString()), Libc.O_PATH | Libc.O_CLOEXEC, 0);
        }
        this.inodes = new Inodes(rootFd, timeout);
        this.files = new OpenFiles(this);
        this.xattrs = new Xattrs();
        this.namespace = new Namespace(inodes, new Ownership());
    }

    @Override
    public void init(Connection c) {
        if (options.writeback()) {
            c.want(Capability.WRITEBACK_CACHE);
        }
        if (options.splice()) {
            c.want(Capability.SPLICE_WRITE);
            c.want(Capability.SPLICE_MOVE);
        }
        if (options.cache() == PassthroughOptions.Cache.ALWAYS) {
            c.want(Capability.CACHE_SYMLINKS);
            // This mount is the only writer: cached data stays until hostChanged() invalidates it, rather than
            // being dropped whenever a getattr (which every read forces, to refresh atime) shows a new mtime.
            if (c.want(Capability.EXPLICIT_INVAL_DATA)) {
                c.unwant(Capability.AUTO_INVAL_DATA);
            }
        }
        c.maxBackground(64);
    }

    /**
     * Starts keeping the inode table within {@code budget} descriptors (see {@link Pruner}) on {@code session},
     * the session this filesystem is mounted in; {@link #attach(FuseSession)} uses the process's limit.
     */
    public void attach(FuseSession session, int budget) {
        Pruner p = new Pruner(inodes, session, budget);
        pruner = p;
        Thread.ofPlatform().daemon().name("fuse-passthrough-pruner").start(p);
    }

    /** Starts keeping the inode table within the process's open-files limit. */
    public void attach(FuseSession session) {
        attach(session, Pruner.defaultBudget());
    }

    @Override
    public void destroy() {
        Pruner p = pruner;
        if (p != null) {
            p.stop();
        }
        files.closeAll();
        inodes.closeAll();
    }

    @Override
    public void lookup(long parent, String name, EntryReply reply) throws FuseException {
        Inode p = inodes.get(parent);
        try (Frame f = Frame.open()) {
            reply.entry(inodes.lookup(p, f.cString(name), f));
        } catch (FuseException e) {
            if (e.errno() != Errno.ENOENT || timeout.isZero()) {
                throw e;
            }
            reply.entry(Entry.negative(timeout)); // the kernel remembers the absence, as it remembers names
        }
    }

    @Override
    public void forget(long nodeId, long nlookup) {
        if (inodes.forget(nodeId, nlookup)) {
            files.locks.forgotten(nodeId);
        }
    }

    @Override
    public void getattr(long ino, AttrReply reply) throws FuseException {
        Inode i = inodes.get(ino);
        try (Frame f = Frame.open()) {
            reply.attr(inodes.attr(i, f), timeout);
        }
    }

    @Override
    public void setattr(long ino, SetAttr changes, OptionalLong fh, AttrReply reply) throws FuseException {
        Inode i = inodes.get(ino);
        try (Frame f = Frame.open()) {
            Attributes.apply(i, changes, fh, f);
            reply.attr(inodes.attr(i, f), timeout);
        }
    }

    @Override
    public void readlink(long ino, ReadlinkReply reply) throws FuseException {
        Inode i = inodes.get(ino);
        try (Frame f = Frame.open()) {
            MemorySegment buf = f.allocate(4097, 1);
            long n = Libc.readlinkat(i.fd, f.cString(""), buf.asSlice(0, 4096));
            reply.target(
                    io.aetherfs.fuse.internal.Names.decode(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    @Override
    public void mknod(long parent, String name, int mode, long rdev, EntryReply reply) throws FuseException {
        namespace.mknod(parent, name, mode, rdev, reply);
    }

    @Override
    public void mkdir(long parent, String name, int mode, EntryReply reply) throws FuseException {
        namespace.mkdir(parent, name, mode, reply);
    }

    @Override
    public void symlink(String target, long parent, String name, EntryReply reply) throws FuseException {
        namespace.symlink(target, parent, name, reply);
    }

    /** Gives a new node the caller's ownership and exact mode, then looks it up. */
    Entry created(Inode parent, MemorySegment name, int mode, Caller caller, Frame f) throws FuseException {
        return namespace.created(parent, name, mode, caller, f);
    }

    @Override
    public void link(long ino, long newParent, String newName, EntryReply reply) throws FuseException {
        namespace.link(ino, newParent, newName, reply);
    }

    @Override
    public void unlink(long parent, String name, StatusReply reply) throws FuseException {
        namespace.unlink(parent, name, reply);
    }

    @Override
    public void rmdir(long parent, String name, StatusReply reply) throws FuseException {
        namespace.rmdir(parent, name, reply);
    }

    @Override
    public void rename(long parent, String name, long newParent, String newName, int flags, StatusReply reply)
            throws FuseException {
        namespace.rename(parent, name, newParent, newName, flags, reply);
    }

    @Override
    public void statfs(long ino, StatfsReply reply) throws FuseException {
        Inode i = inodes.get(ino);
        try (Frame f = Frame.open()) {
            MemorySegment buf = f.allocate(Structs.STATVFS);
            LibcFiles.fstatvfs(i.fd, buf);
            reply.stats(Codec.fsStats(buf));
        }
    }

    @Override
    public void access(long ino, int mask, StatusReply reply) throws FuseException {
        Inode i = inodes.get(ino);
        try (Frame f = Frame.open()) {
            LibcFiles.faccessat(Libc.AT_FDCWD, f.procPath(i.fd), mask);
        }
        reply.ok();
    }

    // Directories

    @Override
    public void opendir(long ino, int flags, OpenReply reply) throws FuseException {
        files.opendir(inodes.get(ino), reply);
    }

    @Override
    public void readdir(long ino, long fh, long offset, DirReply reply) throws FuseException {
        files.dir(fh).list(offset, reply);
    }

    @Override
    public void readdirplus(long ino, long fh, long offset, DirPlusReply reply) throws FuseException {
        files.dir(fh).listPlus(offset, inodes.get(ino), inodes, reply);
    }

    @Override
    public void releasedir(long ino, long fh, StatusReply reply) {
        files.releasedir(fh);
        reply.ok();
    }

    @Override
    public void fsyncdir(long ino, long fh, boolean dataOnly, StatusReply reply) throws FuseException {
        LibcFiles.fsync(files.dir(fh).fd, dataOnly);
        reply.ok();
    }

    // Extended attributes

    @Override
    public void setxattr(long ino, String name, MemorySegment value, int flags, StatusReply reply)
            throws FuseException {
        xattrs.set(inodes.get(ino), name, value, flags);
        reply.ok();
    }

    @Override
    public void getxattr(long ino, String name, int size, XattrReply reply) throws FuseException {
        xattrs.get(inodes.get(ino), name, size, reply);
    }

    @Override
    public void listxattr(long ino, int size, XattrReply reply) throws FuseException {
        xattrs.list(inodes.get(ino), size, reply);
    }

    @Override
    public void removexattr(long ino, String name, StatusReply reply) throws FuseException {
        xattrs.remove(inodes.get(ino), name);
        reply.ok();
    }

    // Open files (see OpenFiles)

    @Override
    public void open(long ino, int flags, OpenReply reply) throws FuseException {
        files.open(inodes.get(ino), flags, reply);
    }

    @Override
    public void create(long parent, String name, int mode, int flags, CreateReply reply) throws FuseException {
        files.create(inodes.get(parent), name, mode, flags, reply);
    }

    @Override
    public void read(long ino, long fh, long offset, int size, ReadReply reply) {
        reply.fromFile((int) fh, offset, size);
    }

    @Override
    public void write(long ino, long fh, long offset, MemorySegment data, WriteReply reply) throws FuseException {
        reply.written(LibcFiles.pwrite((int) fh, data, offset));
    }

    @Override
    public void flush(long ino, long fh, long lockOwner, StatusReply reply) {
        files.flush(ino, fh, lockOwner);
        reply.ok();
    }

    @Override
    public void release(long ino, FileInfo file, StatusReply reply) {
        files.release(file.fh());
        reply.ok();
    }

    @Override
    public void fsync(long ino, long fh, boolean dataOnly, StatusReply reply) throws FuseException {
        LibcFiles.fsync((int) fh, dataOnly);
        reply.ok();
    }

    @Override
    public void getlk(long ino, FileInfo file, Lock lock, LockReply reply) throws FuseException {
        files.locks.getlk(inodes.get(ino), file, lock, reply);
    }

    @Override
    public void setlk(long ino, FileInfo file, Lock lock, boolean wait, StatusReply reply) throws FuseException {
        files.locks.setlk(inodes.get(ino), file, lock, wait, reply);
    }

    @Override
    public void flock(long ino, FileInfo file, int op, StatusReply reply) throws FuseException {
        files.locks.flock(file.fh(), op, reply);
    }

    @Override
    public void fallocate(long ino, long fh, int mode, long offset, long length, StatusReply reply)
            throws FuseException {
        LibcFiles.fallocate((int) fh, mode, offset, length);
        reply.ok();
    }

    @Override
    public void lseek(long ino, long fh, long offset, int whence, LseekReply reply) throws FuseException {
        reply.offset(LibcFiles.lseek((int) fh, offset, whence));
    }

    @Override
    public void copyFileRange(
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
        reply.written(files.copyRange(fhIn, offIn, fhOut, offOut, length, flags));
    }

    /**
     * Tells the kernel of {@code session} that {@code relative} (a path under the source directory) was changed
     * on the host, behind the mount's back: its cached name (or cached absence) and, if the kernel holds the
     * inode, its cached attributes and data are dropped, so the change shows before the timeout runs out.
     */
    public void hostChanged(FuseSession session, Path relative) throws FuseException {
        Path host = source.resolve(relative).normalize();
        long parent = nodeIdOf(host.getParent());
        if (parent != 0 && host.getFileName() != null) {
            session.invalidateEntry(parent, host.getFileName().toString());
        }
        long child = nodeIdOf(host);
        if (child != 0) {
            session.invalidateInode(child, 0, 0);
        }
    }

    private long nodeIdOf(Path host) {
        try {
            Map<String, Object> a = Files.readAttributes(host, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            return inodes.nodeIdOf((Long) a.get("dev"), (Long) a.get("ino"));
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /** Returns how many host inodes the kernel currently holds through this mount (the root included). */
    public int inodeCount() {
        return inodes.size();
    }
}
