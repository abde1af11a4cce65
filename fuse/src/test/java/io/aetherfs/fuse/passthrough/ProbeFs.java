package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.DirPlusReply;
import io.aetherfs.fuse.FileInfo;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.Lock;
import io.aetherfs.fuse.LockReply;
import io.aetherfs.fuse.LseekReply;
import io.aetherfs.fuse.StatusReply;
import io.aetherfs.fuse.WriteReply;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The passthrough with a count of the operations the kernel sent it, so tests can tell which calls reached it. */
class ProbeFs extends PassthroughFs {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    ProbeFs(Path source, PassthroughOptions options) throws FuseException {
        super(source, options);
    }

    long calls(String op) {
        LongAdder n = calls.get(op);
        return n == null ? 0 : n.sum();
    }

    void count(String op) {
        calls.computeIfAbsent(op, k -> new LongAdder()).increment();
    }

    @Override
    public void readdirplus(long ino, long fh, long offset, DirPlusReply reply) throws FuseException {
        count("readdirplus");
        super.readdirplus(ino, fh, offset, reply);
    }

    @Override
    public void rename(long parent, String name, long newParent, String newName, int flags, StatusReply reply)
            throws FuseException {
        count("rename" + (flags == 0 ? "" : "/" + flags));
        super.rename(parent, name, newParent, newName, flags, reply);
    }

    @Override
    public void getlk(long ino, FileInfo file, Lock lock, LockReply reply) throws FuseException {
        count("getlk");
        super.getlk(ino, file, lock, reply);
    }

    @Override
    public void setlk(long ino, FileInfo file, Lock lock, boolean wait, StatusReply reply) throws FuseException {
        count(wait ? "setlkw" : "setlk");
        super.setlk(ino, file, lock, wait, reply);
    }

    @Override
    public void flock(long ino, FileInfo file, int op, StatusReply reply) throws FuseException {
        count("flock");
        super.flock(ino, file, op, reply);
    }

    @Override
    public void fallocate(long ino, long fh, int mode, long offset, long length, StatusReply reply)
            throws FuseException {
        count("fallocate");
        super.fallocate(ino, fh, mode, offset, length, reply);
    }

    @Override
    public void lseek(long ino, long fh, long offset, int whence, LseekReply reply) throws FuseException {
        count("lseek");
        super.lseek(ino, fh, offset, whence, reply);
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
        count("copy_file_range");
        super.copyFileRange(inoIn, fhIn, offIn, inoOut, fhOut, offOut, length, flags, reply);
    }

    @Override
    public void access(long ino, int mask, StatusReply reply) throws FuseException {
        count("access");
        super.access(ino, mask, reply);
    }

    @Override
    public void forget(long nodeId, long nlookup) {
        count("forget");
        super.forget(nodeId, nlookup);
    }
}
