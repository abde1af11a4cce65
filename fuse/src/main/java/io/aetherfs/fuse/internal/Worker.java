package io.aetherfs.fuse.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;

/**
 * One thread of a session's request loop: receives a request from the device with
 * {@code fuse_session_receive_buf} and runs it with {@code fuse_session_process_buf}, whose upcalls run the
 * filesystem's operation on this same thread. It records the request it is running so the watchdog can
 * answer one that hangs.
 */
final class Worker extends Thread {

    private static final System.Logger LOG = System.getLogger("io.aetherfs.fuse");
    private static final long BUF_MEM = Structs.offset(Structs.BUF, "mem");
    private static final int EINTR = 4, EAGAIN = 11;

    private final SessionCore core;
    private final WorkerPool pool;
    private MemorySegment scratch;
    private volatile NativeReply current;
    private volatile long since;
    private volatile boolean retired;

    Worker(SessionCore core, WorkerPool pool, String name) {
        super(name);
        this.core = core;
        this.pool = pool;
        setDaemon(true);
    }

    @Override
    public void run() {
        scratch = NativeMemory.malloc(NativeMemory.SCRATCH_BYTES);
        MemorySegment buf = NativeMemory.malloc(Structs.BUF.byteSize());
        try {
            while (!retired) {
                int r = (int) LibFuse.SESSION_RECEIVE_BUF.invokeExact(core.session(), buf);
                if (r == -EINTR || r == -EAGAIN) {
                    continue;
                }
                if (r <= 0) {
                    if (r < 0) {
                        LOG.log(Level.ERROR, "fuse: reading the device failed: errno {0}; the session ends", -r);
                        LibFuse.SESSION_EXIT.invokeExact(core.session());
                    }
                    break;
                }
                core.counters().requests.increment();
                LibFuse.SESSION_PROCESS_BUF.invokeExact(core.session(), buf);
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "fuse: worker " + getName() + " failed", t);
        } finally {
            MemorySegment mem = buf.get(ADDRESS, BUF_MEM);
            if (!mem.equals(MemorySegment.NULL)) {
                NativeMemory.freeRaw(mem);
            }
            NativeMemory.free(buf);
            NativeMemory.free(scratch);
            pool.exited(this);
        }
    }

    /** Returns this worker's scratch area (used only on this thread). */
    MemorySegment scratch() {
        return scratch;
    }

    /** Records that this worker runs the operation of {@code reply}; returns the previous one (nested: none). */
    NativeReply enter(NativeReply reply) {
        NativeReply previous = current;
        since = System.nanoTime();
        current = reply;
        return previous;
    }

    /** Records that the operation returned. */
    void exit(NativeReply previous) {
        current = previous;
    }

    /** Returns the reply of the operation this worker runs, or null. */
    NativeReply current() {
        return current;
    }

    /** Returns when the current operation started ({@link System#nanoTime()}). */
    long since() {
        return since;
    }

    /** Makes this worker leave the loop after its current request (a replacement took its place). */
    void retire() {
        retired = true;
    }

    /** Returns whether this worker was replaced. */
    boolean retired() {
        return retired;
    }
}
