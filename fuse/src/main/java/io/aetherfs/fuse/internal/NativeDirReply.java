package io.aetherfs.fuse.internal;

import io.aetherfs.fuse.DirPlusReply;
import io.aetherfs.fuse.DirReply;
import io.aetherfs.fuse.Entry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The reply of readdir and readdirplus: entries packed by libfuse's {@code fuse_add_direntry[_plus]} into
 * one native block (the kernel's buffer size, plus room for the per-entry structure and a name), sent by
 * {@link #done()} and freed when answered.
 */
final class NativeDirReply extends NativeReply implements DirReply, DirPlusReply {

    private static final int NAME_ROOM = 1024;
    private static final long ST_INO = Structs.offset(Structs.STAT, "st_ino");
    private static final long ST_MODE = Structs.offset(Structs.STAT, "st_mode");

    private final long capacity;
    private MemorySegment block;
    private long used;

    NativeDirReply(SessionCore core, MemorySegment req, String op, long capacity) {
        super(core, req, op);
        this.capacity = capacity;
    }

    @Override
    public boolean add(String name, long ino, int mode, long nextOffset) {
        return addNamed(name, null, ino, mode, nextOffset);
    }

    @Override
    public boolean add(MemorySegment cName, long ino, int mode, long nextOffset) {
        return addNamed(null, cName, ino, mode, nextOffset);
    }

    @Override
    public boolean add(String name, Entry entry, long nextOffset) {
        return addNamed(name, null, 0, 0, nextOffset, entry);
    }

    @Override
    public boolean add(MemorySegment cName, Entry entry, long nextOffset) {
        return addNamed(null, cName, 0, 0, nextOffset, entry);
    }

    private boolean addNamed(String name, MemorySegment cName, long ino, int mode, long nextOffset) {
        return addNamed(name, cName, ino, mode, nextOffset, null);
    }

    private synchronized boolean addNamed(
            String name, MemorySegment cName, long ino, int mode, long nextOffset, Entry entry) {
        if (isAnswered()) {
            throw new IllegalStateException("the listing was already sent");
        }
        if (block == null) {
            block = NativeMemory.malloc(capacity + Structs.ENTRY_PARAM.byteSize() + NAME_ROOM);
        }
        MemorySegment struct = block.asSlice(capacity, Structs.ENTRY_PARAM.byteSize());
        try (Arena big = name != null && name.length() * 3L >= NAME_ROOM ? Arena.ofConfined() : null) {
            MemorySegment n = cName;
            if (n == null) {
                n = big != null
                        ? Names.toC(name, big)
                        : Names.toC(
                                name, (size, align) -> block.asSlice(capacity + Structs.ENTRY_PARAM.byteSize(), size));
            }
            long need;
            MemorySegment at = block.asSlice(used);
            if (entry == null) {
                struct.fill((byte) 0);
                struct.set(ValueLayout.JAVA_LONG, ST_INO, ino);
                struct.set(ValueLayout.JAVA_INT, ST_MODE, mode);
                need = (long) LibFuse.ADD_DIRENTRY.invokeExact(req, at, capacity - used, n, struct, nextOffset);
            } else {
                Codec.entry(struct, entry);
                need = (long) LibFuse.ADD_DIRENTRY_PLUS.invokeExact(req, at, capacity - used, n, struct, nextOffset);
            }
            if (need > capacity - used) {
                return false;
            }
            used += need;
            return true;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    @Override
    public void done() {
        MemorySegment b;
        long n;
        synchronized (this) {
            b = block == null ? MemorySegment.NULL : block;
            n = used;
        }
        if (!claim()) {
            return;
        }
        try {
            int r = (int) LibFuse.REPLY_BUF.invokeExact(req, b, n);
            if (r < 0) {
                core.sendFailed(this, -r);
            }
        } catch (Throwable t) {
            throw fail(t);
        } finally {
            core.exitReply();
            released();
        }
    }

    @Override
    synchronized void released() {
        if (block != null) {
            NativeMemory.free(block);
            block = null;
        }
    }
}
