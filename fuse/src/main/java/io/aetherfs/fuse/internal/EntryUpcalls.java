package io.aetherfs.fuse.internal;

import io.aetherfs.fuse.FuseFilesystem;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalLong;

/** The upcalls of the name-space operations: lookup and forget, attributes, and creating and removing names. */
final class EntryUpcalls extends Upcalls {

    EntryUpcalls(SessionCore core, FuseFilesystem fs) {
        super(core, fs);
    }

    void lookup(MemorySegment req, long parent, MemorySegment name) {
        NativeReply r = begin(req, "lookup");
        try {
            fs.lookup(parent, Names.decode(name), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void forget(MemorySegment req, long ino, long nlookup) {
        NativeReply r = new NativeReply(core, req, "forget");
        try {
            fs.forget(ino, nlookup);
        } catch (Throwable t) {
            logged("forget", t);
        }
        r.none();
    }

    void forgetMulti(MemorySegment req, long count, MemorySegment forgets) {
        NativeReply r = new NativeReply(core, req, "forget_multi");
        MemorySegment all = forgets.reinterpret(count * Structs.FORGET_DATA.byteSize());
        for (long i = 0; i < count; i++) {
            try {
                fs.forget(all.get(ValueLayout.JAVA_LONG, i * 16), all.get(ValueLayout.JAVA_LONG, i * 16 + 8));
            } catch (Throwable t) {
                logged("forget", t);
            }
        }
        r.none();
    }

    void getattr(MemorySegment req, long ino, MemorySegment fi) {
        NativeReply r = begin(req, "getattr");
        try {
            fs.getattr(ino, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void setattr(MemorySegment req, long ino, MemorySegment attr, int toSet, MemorySegment fi) {
        NativeReply r = begin(req, "setattr");
        try {
            OptionalLong fh = fi.equals(MemorySegment.NULL) ? OptionalLong.empty() : OptionalLong.of(Codec.fh(fi(fi)));
            fs.setattr(ino, Codec.setAttr(attr.reinterpret(Structs.STAT.byteSize()), toSet), fh, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void readlink(MemorySegment req, long ino) {
        NativeReply r = begin(req, "readlink");
        try {
            fs.readlink(ino, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void mknod(MemorySegment req, long parent, MemorySegment name, int mode, long rdev) {
        NativeReply r = begin(req, "mknod");
        try {
            fs.mknod(parent, Names.decode(name), mode, rdev, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void mkdir(MemorySegment req, long parent, MemorySegment name, int mode) {
        NativeReply r = begin(req, "mkdir");
        try {
            fs.mkdir(parent, Names.decode(name), mode, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void unlink(MemorySegment req, long parent, MemorySegment name) {
        NativeReply r = begin(req, "unlink");
        try {
            fs.unlink(parent, Names.decode(name), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void rmdir(MemorySegment req, long parent, MemorySegment name) {
        NativeReply r = begin(req, "rmdir");
        try {
            fs.rmdir(parent, Names.decode(name), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void symlink(MemorySegment req, MemorySegment target, long parent, MemorySegment name) {
        NativeReply r = begin(req, "symlink");
        try {
            fs.symlink(Names.decode(target), parent, Names.decode(name), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void rename(MemorySegment req, long parent, MemorySegment name, long newParent, MemorySegment newName, int flags) {
        NativeReply r = begin(req, "rename");
        try {
            fs.rename(parent, Names.decode(name), newParent, Names.decode(newName), flags, r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }

    void link(MemorySegment req, long ino, long newParent, MemorySegment newName) {
        NativeReply r = begin(req, "link");
        try {
            fs.link(ino, newParent, Names.decode(newName), r);
            idle();
        } catch (Throwable t) {
            failed(r, t);
        }
    }
}
