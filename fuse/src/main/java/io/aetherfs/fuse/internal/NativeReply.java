package io.aetherfs.fuse.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.aetherfs.fuse.Attr;
import io.aetherfs.fuse.AttrReply;
import io.aetherfs.fuse.Caller;
import io.aetherfs.fuse.CreateReply;
import io.aetherfs.fuse.Entry;
import io.aetherfs.fuse.EntryReply;
import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FsStats;
import io.aetherfs.fuse.Lock;
import io.aetherfs.fuse.LockReply;
import io.aetherfs.fuse.LseekReply;
import io.aetherfs.fuse.OpenFile;
import io.aetherfs.fuse.OpenReply;
import io.aetherfs.fuse.ReadReply;
import io.aetherfs.fuse.ReadlinkReply;
import io.aetherfs.fuse.StatfsReply;
import io.aetherfs.fuse.StatusReply;
import io.aetherfs.fuse.WriteReply;
import io.aetherfs.fuse.XattrReply;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * The reply object of one request ({@code fuse_req_t}): every typed reply of the API in one class. The
 * first answer claims the request under the object's lock; the request pointer is never touched after that,
 * so a late answer, or the watchdog racing the callback, cannot reach freed memory.
 */
class NativeReply
        implements StatusReply,
                EntryReply,
                CreateReply,
                AttrReply,
                ReadlinkReply,
                OpenReply,
                ReadReply,
                WriteReply,
                StatfsReply,
                XattrReply,
                LockReply,
                LseekReply {

    private static final long BV_BUF = Structs.offset(Structs.BUFVEC, "buf");
    private static final long BUF_FLAGS = Structs.offset(Structs.BUF, "flags"),
            BUF_FD = Structs.offset(Structs.BUF, "fd");
    private static final long BUF_POS = Structs.offset(Structs.BUF, "pos");

    final SessionCore core;
    final MemorySegment req;
    final String op;
    private boolean answered;

    NativeReply(SessionCore core, MemorySegment req, String op) {
        this.core = core;
        this.req = req;
        this.op = op;
    }

    @Override
    public void ok() {
        error(0);
    }

    @Override
    public void error(Errno errno) {
        error(errno.number());
    }

    final void error(int errno) {
        if (claim()) {
            try {
                result((int) LibFuse.REPLY_ERR.invokeExact(req, errno));
            } catch (Throwable t) {
                throw fail(t);
            } finally {
                finish();
            }
        }
    }

    /** Answers a request that takes no answer (forget, retrieve_reply). */
    final void none() {
        if (claim()) {
            try {
                LibFuse.REPLY_NONE.invokeExact(req);
            } catch (Throwable t) {
                throw fail(t);
            } finally {
                finish();
            }
        }
    }

    @Override
    public void entry(Entry entry) {
        structReply(Structs.ENTRY_PARAM.byteSize(), entry, null, 0);
    }

    @Override
    public void created(Entry entry, OpenFile file) {
        structReply(Structs.ENTRY_PARAM.byteSize() + Structs.FILE_INFO.byteSize(), entry, file, 1);
    }

    @Override
    public void opened(OpenFile file) {
        structReply(Structs.FILE_INFO.byteSize(), null, file, 2);
    }

    private void structReply(long size, Entry entry, OpenFile file, int kind) {
        if (!claim()) {
            return;
        }
        MemorySegment t = NativeMemory.temp(size);
        try {
            long ep = Structs.ENTRY_PARAM.byteSize();
            int r =
                    switch (kind) {
                        case 0 -> {
                            Codec.entry(t, entry);
                            yield (int) LibFuse.REPLY_ENTRY.invokeExact(req, t);
                        }
                        case 1 -> {
                            Codec.entry(t, entry);
                            MemorySegment fi = t.asSlice(ep);
                            Codec.openFile(fi, file);
                            yield (int) LibFuse.REPLY_CREATE.invokeExact(req, t, fi);
                        }
                        default -> {
                            Codec.openFile(t, file);
                            yield (int) LibFuse.REPLY_OPEN.invokeExact(req, t);
                        }
                    };
            result(r);
        } catch (Throwable e) {
            throw fail(e);
        } finally {
            NativeMemory.release(t);
            finish();
        }
    }

    @Override
    public void attr(Attr attr, Duration timeout) {
        if (!claim()) {
            return;
        }
        MemorySegment t = NativeMemory.temp(Structs.STAT.byteSize());
        try {
            Codec.stat(t, attr);
            result((int) LibFuse.REPLY_ATTR.invokeExact(req, t, timeout.getSeconds() + timeout.getNano() / 1e9));
        } catch (Throwable e) {
            throw fail(e);
        } finally {
            NativeMemory.release(t);
            finish();
        }
    }

    @Override
    public void target(String target) {
        byte[] bytes = Names.encode(target);
        MemorySegment t = NativeMemory.temp(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, t, JAVA_BYTE, 0, bytes.length);
        bufferReply(t, -1, 3);
    }

    @Override
    public void data(MemorySegment data) {
        if (data.isNative()) {
            bufferReply(data, data.byteSize(), 0);
        } else {
            MemorySegment t = NativeMemory.temp(data.byteSize());
            t.copyFrom(data);
            bufferReply(t, t.byteSize(), 1);
        }
    }

    @Override
    public void data(byte[] data, int offset, int length) {
        data(MemorySegment.ofArray(data).asSlice(offset, length));
    }

    @Override
    public void value(MemorySegment value) {
        data(value);
    }

    @Override
    public void value(byte[] value) {
        data(value, 0, value.length);
    }

    /** Sends a buffer; kind 0 borrowed, 1 temp to release, 3 temp C string for readlink. */
    private void bufferReply(MemorySegment buf, long size, int kind) {
        try {
            if (!claim()) {
                return;
            }
            try {
                result(
                        kind == 3
                                ? (int) LibFuse.REPLY_READLINK.invokeExact(req, buf)
                                : (int) LibFuse.REPLY_BUF.invokeExact(req, buf, size));
            } catch (Throwable e) {
                throw fail(e);
            } finally {
                finish();
            }
        } finally {
            if (kind != 0) {
                NativeMemory.release(buf);
            }
        }
    }

    @Override
    public void fromFile(int fd, long position, int size) {
        if (!claim()) {
            return;
        }
        MemorySegment bv = NativeMemory.temp(Structs.BUFVEC.byteSize());
        try {
            bv.set(JAVA_LONG, 0, 1);
            bv.set(JAVA_LONG, BV_BUF, size);
            bv.set(JAVA_INT, BV_BUF + BUF_FLAGS, Structs.FUSE_BUF_IS_FD | Structs.FUSE_BUF_FD_SEEK);
            bv.set(JAVA_INT, BV_BUF + BUF_FD, fd);
            bv.set(JAVA_LONG, BV_BUF + BUF_POS, position);
            result((int) LibFuse.REPLY_DATA.invokeExact(req, bv, Structs.FUSE_BUF_SPLICE_MOVE));
        } catch (Throwable e) {
            throw fail(e);
        } finally {
            NativeMemory.release(bv);
            finish();
        }
    }

    @Override
    public void written(long count) {
        longReply(LibFuseCall.WRITE, count);
    }

    @Override
    public void size(long size) {
        longReply(LibFuseCall.XATTR, size);
    }

    @Override
    public void offset(long offset) {
        longReply(LibFuseCall.LSEEK, offset);
    }

    private enum LibFuseCall {
        WRITE,
        XATTR,
        LSEEK
    }

    private void longReply(LibFuseCall call, long value) {
        if (!claim()) {
            return;
        }
        try {
            result(
                    switch (call) {
                        case WRITE -> (int) LibFuse.REPLY_WRITE.invokeExact(req, value);
                        case XATTR -> (int) LibFuse.REPLY_XATTR.invokeExact(req, value);
                        case LSEEK -> (int) LibFuse.REPLY_LSEEK.invokeExact(req, value);
                    });
        } catch (Throwable e) {
            throw fail(e);
        } finally {
            finish();
        }
    }

    @Override
    public void stats(FsStats stats) {
        if (!claim()) {
            return;
        }
        MemorySegment t = NativeMemory.temp(Structs.STATVFS.byteSize());
        try {
            Codec.statvfs(t, stats);
            result((int) LibFuse.REPLY_STATFS.invokeExact(req, t));
        } catch (Throwable e) {
            throw fail(e);
        } finally {
            NativeMemory.release(t);
            finish();
        }
    }

    @Override
    public void lock(Lock lock) {
        if (!claim()) {
            return;
        }
        MemorySegment t = NativeMemory.temp(Structs.FLOCK.byteSize());
        try {
            Codec.flock(t, lock);
            result((int) LibFuse.REPLY_LOCK.invokeExact(req, t));
        } catch (Throwable e) {
            throw fail(e);
        } finally {
            NativeMemory.release(t);
            finish();
        }
    }

    @Override
    public synchronized Caller caller() {
        if (answered) {
            throw new IllegalStateException("the request was answered; its caller is gone");
        }
        try {
            MemorySegment ctx = ((MemorySegment) LibFuse.REQ_CTX.invokeExact(req)).reinterpret(Structs.CTX.byteSize());
            return new Caller(ctx.get(JAVA_INT, 0), ctx.get(JAVA_INT, 4), ctx.get(JAVA_INT, 8), ctx.get(JAVA_INT, 12));
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    @Override
    public synchronized boolean isInterrupted() {
        if (answered) {
            return false;
        }
        try {
            return (int) LibFuse.REQ_INTERRUPTED.invokeExact(req) != 0;
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    @Override
    public synchronized boolean isAnswered() {
        return answered;
    }

    /** Claims the right to answer; false (and a log line) if the request was answered already. */
    final boolean claim() {
        synchronized (this) {
            if (answered) {
                core.lateAnswer(this);
                return false;
            }
            answered = true;
        }
        if (!core.enterReply()) {
            released();
            return false;
        }
        return true;
    }

    /** Frees what this reply holds besides the request (a directory buffer); called once, after answering. */
    void released() {}

    private void finish() {
        try {
            core.exitReply();
        } finally {
            released();
        }
    }

    private void result(int r) {
        if (r < 0) {
            core.sendFailed(this, -r);
        }
    }

    static RuntimeException fail(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
