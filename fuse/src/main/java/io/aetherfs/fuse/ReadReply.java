package io.aetherfs.fuse;

import java.lang.foreign.MemorySegment;

/**
 * The answer to read: up to the requested number of bytes (fewer only at the end of the file). The data can
 * come from native memory without a copy, from a Java array, or straight from a file descriptor (spliced into
 * the device when the connection has {@link Capability#SPLICE_WRITE}).
 */
public interface ReadReply extends Reply {

    /** Answers with the bytes of {@code data}; the segment is not kept after this returns. */
    void data(MemorySegment data);

    /** Answers with {@code length} bytes of {@code data} from {@code offset}. */
    void data(byte[] data, int offset, int length);

    /** Answers with up to {@code size} bytes read from file descriptor {@code fd} at {@code position}. */
    void fromFile(int fd, long position, int size);
}
