package io.aetherfs.fuse.internal;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The binding's native memory outside of libfuse: {@code malloc}/{@code free} with an account of what is
 * live (tests read it to prove there is no leak), and each worker's reusable scratch area, so a reply
 * answered on a worker thread allocates nothing.
 */
public final class NativeMemory {

    /** Bytes of scratch each worker keeps for request and reply structures. */
    static final int SCRATCH_BYTES = 8192;

    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong LIVE_BLOCKS = new AtomicLong();

    private NativeMemory() {}

    /** Returns {@code size} zeroed bytes from malloc; pair with {@link #free}. */
    static MemorySegment malloc(long size) {
        MemorySegment p;
        try {
            p = (MemorySegment) LibFuse.MALLOC.invokeExact(size);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (p.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        LIVE_BYTES.addAndGet(size);
        LIVE_BLOCKS.incrementAndGet();
        return p.reinterpret(size).fill((byte) 0);
    }

    /** Frees a block from {@link #malloc}. */
    static void free(MemorySegment block) {
        LIVE_BYTES.addAndGet(-block.byteSize());
        LIVE_BLOCKS.decrementAndGet();
        freeRaw(block);
    }

    /** Frees memory that libfuse allocated with malloc (not counted here). */
    static void freeRaw(MemorySegment p) {
        try {
            LibFuse.FREE.invokeExact(p);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Returns zeroed temporary memory: the worker's scratch when on a worker and it fits, else malloc. */
    static MemorySegment temp(long size) {
        if (Thread.currentThread() instanceof Worker w && size <= SCRATCH_BYTES) {
            return w.scratch().asSlice(0, size).fill((byte) 0);
        }
        return malloc(size);
    }

    /** Releases memory from {@link #temp}. */
    static void release(MemorySegment temp) {
        if (!(Thread.currentThread() instanceof Worker w)
                || temp.address() != w.scratch().address()) {
            free(temp);
        }
    }

    /** Returns the bytes the binding holds from malloc now (worker scratch included). */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** Returns how many blocks the binding holds from malloc now. */
    public static long liveBlocks() {
        return LIVE_BLOCKS.get();
    }
}
