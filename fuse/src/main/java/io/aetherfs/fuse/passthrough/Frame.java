package io.aetherfs.fuse.passthrough;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

/**
 * Temporary native memory for one operation of the passthrough: bump-allocated from the thread's scratch
 * area and given back, all at once, when the frame closes (frames nest), with a confined arena for what
 * does not fit. Also holds the thread's errno capture slot for {@link Libc}.
 */
final class Frame implements SegmentAllocator, AutoCloseable {

    private static final int SCRATCH = 64 * 1024;
    private static final byte[] PROC_FD = "/proc/self/fd/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<Scratch> SCRATCHES = ThreadLocal.withInitial(Scratch::new);

    /** A thread's scratch area: the memory, the bump offset, and the errno slot. */
    private static final class Scratch {
        final MemorySegment memory = Arena.ofAuto().allocate(SCRATCH, 16);
        final MemorySegment errno = Arena.ofAuto().allocate(java.lang.foreign.Linker.Option.captureStateLayout());
        long top;
    }

    private final Scratch scratch;
    private final long mark;
    private Arena overflow;

    private Frame(Scratch scratch) {
        this.scratch = scratch;
        this.mark = scratch.top;
    }

    /** Opens a frame on the current thread's scratch. */
    static Frame open() {
        return new Frame(SCRATCHES.get());
    }

    /** Returns the current thread's errno capture segment. */
    static MemorySegment errnoState() {
        return SCRATCHES.get().errno;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        long at = (scratch.top + byteAlignment - 1) & -byteAlignment;
        if (at + byteSize <= SCRATCH) {
            scratch.top = at + byteSize;
            return scratch.memory.asSlice(at, byteSize).fill((byte) 0);
        }
        if (overflow == null) {
            overflow = Arena.ofConfined();
        }
        return overflow.allocate(byteSize, byteAlignment);
    }

    /** Returns {@code s} as a NUL-terminated C string in this frame (names round-trip as the binding decodes them). */
    MemorySegment cString(String s) {
        byte[] bytes = io.aetherfs.fuse.internal.Names.encode(s);
        MemorySegment m = allocate(bytes.length + 1L, 1);
        MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return m;
    }

    /**
     * Returns "/proc/self/fd/N" for {@code fd}: the path that reopens what an O_PATH descriptor names (written
     * straight into the frame: it is built on many requests).
     */
    MemorySegment procPath(int fd) {
        MemorySegment m = allocate(PROC_FD.length + 11L, 1);
        MemorySegment.copy(PROC_FD, 0, m, ValueLayout.JAVA_BYTE, 0, PROC_FD.length);
        int digits = 1;
        for (int v = fd; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits - 1, v = fd; i >= 0; i--, v /= 10) {
            m.set(ValueLayout.JAVA_BYTE, PROC_FD.length + i, (byte) ('0' + v % 10));
        }
        return m; // zero-filled: the terminating NUL is there
    }

    @Override
    public void close() {
        scratch.top = mark;
        if (overflow != null) {
            overflow.close();
        }
    }
}
