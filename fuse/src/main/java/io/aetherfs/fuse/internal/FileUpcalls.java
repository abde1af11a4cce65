package io.aetherfs.fuse.internal;

import io.aetherfs.fuse.FuseFilesystem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The upcalls of open files: open, create, read, write, flush, release, fsync, locks, and range operations. */
final class FileUpcalls extends Upcalls {

    FileUpcalls(SessionCore core, FuseFilesystem fs) {
        super(core, fs);
    }

    void open(MemorySegment req, long ino, MemorySegment fi) {
        NativeReply r = begin(req, "open");
        try {
            fs.open(ino, fi(fi).get(ValueLayout.JAVA_INT, 0), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void create(MemorySegment req, long parent, MemorySegment name, int mode, MemorySegment fi) {
        NativeReply r = begin(req, "create");
        try {
            fs.create(parent, Names.decode(name), mode, fi(fi).get(ValueLayout.JAVA_INT, 0), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void read(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        NativeReply r = begin(req, "read");
        try {
            fs.read(ino, Codec.fh(fi(fi)), offset, (int) size, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void write(MemorySegment req, long ino, MemorySegment buf, long size, long offset, MemorySegment fi) {
        NativeReply r = begin(req, "write");
        // The data lives in libfuse's buffer until this upcall returns; the confined arena makes any later
        // (or other-thread) access fail instead of reading the next request.
        try (Arena scope = Arena.ofConfined()) {
            fs.write(ino, Codec.fh(fi(fi)), offset, buf.reinterpret(size, scope, null), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void flush(MemorySegment req, long ino, MemorySegment fi) {
        NativeReply r = begin(req, "flush");
        try {
            MemorySegment f = fi(fi);
            fs.flush(ino, Codec.fh(f), Codec.fileInfo(f).lockOwner(), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void release(MemorySegment req, long ino, MemorySegment fi) {
        NativeReply r = begin(req, "release");
        try {
            fs.release(ino, Codec.fileInfo(fi(fi)), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void fsync(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        NativeReply r = begin(req, "fsync");
        try {
            fs.fsync(ino, Codec.fh(fi(fi)), datasync != 0, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void getlk(MemorySegment req, long ino, MemorySegment fi, MemorySegment lock) {
        NativeReply r = begin(req, "getlk");
        try {
            fs.getlk(ino, Codec.fileInfo(fi(fi)), Codec.lock(lock.reinterpret(Structs.FLOCK.byteSize())), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void setlk(MemorySegment req, long ino, MemorySegment fi, MemorySegment lock, int sleep) {
        NativeReply r = begin(req, "setlk");
        try {
            MemorySegment l = lock.reinterpret(Structs.FLOCK.byteSize());
            fs.setlk(ino, Codec.fileInfo(fi(fi)), Codec.lock(l), sleep != 0, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void flock(MemorySegment req, long ino, MemorySegment fi, int op) {
        NativeReply r = begin(req, "flock");
        try {
            fs.flock(ino, Codec.fileInfo(fi(fi)), op, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void fallocate(MemorySegment req, long ino, int mode, long offset, long length, MemorySegment fi) {
        NativeReply r = begin(req, "fallocate");
        try {
            fs.fallocate(ino, Codec.fh(fi(fi)), mode, offset, length, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void lseek(MemorySegment req, long ino, long offset, int whence, MemorySegment fi) {
        NativeReply r = begin(req, "lseek");
        try {
            fs.lseek(ino, Codec.fh(fi(fi)), offset, whence, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void copyFileRange(
            MemorySegment req,
            long inoIn,
            long offIn,
            MemorySegment fiIn,
            long inoOut,
            long offOut,
            MemorySegment fiOut,
            long length,
            int flags) {
        NativeReply r = begin(req, "copy_file_range");
        try {
            fs.copyFileRange(inoIn, Codec.fh(fi(fiIn)), offIn, inoOut, Codec.fh(fi(fiOut)), offOut, length, flags, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }
}
