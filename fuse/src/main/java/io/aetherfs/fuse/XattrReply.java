package io.aetherfs.fuse;

import java.lang.foreign.MemorySegment;

/**
 * The answer to getxattr and listxattr. When the request's size is 0 the caller asks only how large the
 * value is ({@link #size}); otherwise it gets the value, or ERANGE if the value is larger than the size.
 */
public interface XattrReply extends Reply {

    /** Answers a size-only request with the value's size. */
    void size(long size);

    /** Answers with the bytes of {@code value}. */
    void value(MemorySegment value);

    /** Answers with the bytes of {@code value}. */
    void value(byte[] value);
}
