package io.aetherfs.fuse.internal;

import io.aetherfs.fuse.FuseFilesystem;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The upcalls of directories, extended attributes, statfs and access, and of the session's life (init, destroy). */
final class DirUpcalls extends Upcalls {

    DirUpcalls(SessionCore core, FuseFilesystem fs) {
        super(core, fs);
    }

    void init(MemorySegment userdata, MemorySegment conn) {
        try {
            core.negotiate(conn.reinterpret(Structs.CONN_INFO.byteSize()));
        } catch (Throwable t) {
            logged("init", t);
            core.initFailed(t);
        }
    }

    void destroy(MemorySegment userdata) {
        try {
            fs.destroy();
        } catch (Throwable t) {
            logged("destroy", t);
        }
    }

    void opendir(MemorySegment req, long ino, MemorySegment fi) {
        NativeReply r = begin(req, "opendir");
        try {
            fs.opendir(ino, fi(fi).get(ValueLayout.JAVA_INT, 0), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void readdir(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        NativeDirReply r = new NativeDirReply(core, req, "readdir", size);
        busy(r);
        try {
            fs.readdir(ino, Codec.fh(fi(fi)), offset, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void readdirplus(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        NativeDirReply r = new NativeDirReply(core, req, "readdirplus", size);
        busy(r);
        try {
            fs.readdirplus(ino, Codec.fh(fi(fi)), offset, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void releasedir(MemorySegment req, long ino, MemorySegment fi) {
        NativeReply r = begin(req, "releasedir");
        try {
            fs.releasedir(ino, Codec.fh(fi(fi)), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void fsyncdir(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        NativeReply r = begin(req, "fsyncdir");
        try {
            fs.fsyncdir(ino, Codec.fh(fi(fi)), datasync != 0, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void statfs(MemorySegment req, long ino) {
        NativeReply r = begin(req, "statfs");
        try {
            fs.statfs(ino, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void access(MemorySegment req, long ino, int mask) {
        NativeReply r = begin(req, "access");
        try {
            fs.access(ino, mask, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void setxattr(MemorySegment req, long ino, MemorySegment name, MemorySegment value, long size, int flags) {
        NativeReply r = begin(req, "setxattr");
        try (Arena scope = Arena.ofConfined()) {
            fs.setxattr(ino, Names.decode(name), value.reinterpret(size, scope, null), flags, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void getxattr(MemorySegment req, long ino, MemorySegment name, long size) {
        NativeReply r = begin(req, "getxattr");
        try {
            fs.getxattr(ino, Names.decode(name), (int) size, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void listxattr(MemorySegment req, long ino, long size) {
        NativeReply r = begin(req, "listxattr");
        try {
            fs.listxattr(ino, (int) size, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void removexattr(MemorySegment req, long ino, MemorySegment name) {
        NativeReply r = begin(req, "removexattr");
        try {
            fs.removexattr(ino, Names.decode(name), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void retrieveReply(MemorySegment req, MemorySegment cookie, long ino, long offset, MemorySegment bufv) {
        NativeReply r = new NativeReply(core, req, "retrieve_reply");
        try {
            core.retrieved(cookie.address(), offset, bufv.reinterpret(Structs.BUFVEC.byteSize()));
        } catch (Throwable t) {
            logged("retrieve_reply", t);
        }
        r.none();
    }
}
