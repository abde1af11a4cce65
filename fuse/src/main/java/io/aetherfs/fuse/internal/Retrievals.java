package io.aetherfs.fuse.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.aetherfs.fuse.Errno;
import io.aetherfs.fuse.FuseException;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outstanding {@code fuse_lowlevel_notify_retrieve} requests of a session, each a future completed by
 * the kernel's {@code retrieve_reply} with a copy of the cached bytes, keyed by the cookie sent along.
 */
final class Retrievals {

    private static final long BV_BUF = Structs.offset(Structs.BUFVEC, "buf");
    private static final long BUF_FLAGS = Structs.offset(Structs.BUF, "flags");
    private static final long BUF_MEM = Structs.offset(Structs.BUF, "mem");

    private final SessionCore core;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final AtomicLong cookies = new AtomicLong();

    Retrievals(SessionCore core) {
        this.core = core;
    }

    CompletableFuture<byte[]> start(long ino, long offset, int size) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        long cookie = cookies.incrementAndGet();
        pending.put(cookie, f);
        if (!core.enterReply()) {
            pending.remove(cookie);
            return CompletableFuture.failedFuture(new IllegalStateException("the session has ended"));
        }
        try {
            int r = (int) LibFuse.NOTIFY_RETRIEVE.invokeExact(
                    core.session(), ino, (long) size, offset, MemorySegment.ofAddress(cookie));
            if (r < 0) {
                pending.remove(cookie);
                f.completeExceptionally(new FuseException(Errno.of(-r), "retrieve"));
            }
        } catch (Throwable t) {
            pending.remove(cookie);
            f.completeExceptionally(t);
        } finally {
            core.exitReply();
        }
        return f;
    }

    void completed(long cookie, MemorySegment bufv) {
        CompletableFuture<byte[]> f = pending.remove(cookie);
        if (f == null) {
            return;
        }
        long size = bufv.get(JAVA_LONG, BV_BUF);
        if ((bufv.get(JAVA_INT, BV_BUF + BUF_FLAGS) & Structs.FUSE_BUF_IS_FD) != 0) {
            f.completeExceptionally(new UnsupportedOperationException("retrieved data arrived as a pipe"));
            return;
        }
        MemorySegment mem = bufv.get(ADDRESS, BV_BUF + BUF_MEM).reinterpret(size);
        f.complete(mem.toArray(JAVA_BYTE));
    }

    void failAll() {
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the session ended")));
        pending.clear();
    }
}
