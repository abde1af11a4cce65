package io.aetherfs.service.files;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;

/**
 * Overflow-safe checks of the byte ranges requests name (spec §4, §12), made once where a service takes
 * them: a range whose end cannot be a file offset (past 2^63 − 1) is OUT_OF_RANGE, as POSIX answers
 * EINVAL/EOVERFLOW for it; a range that ends past {@code limits.max_file_bytes} is RESOURCE_EXHAUSTED
 * PAYLOAD_TOO_LARGE with the limit, as a write past the largest file size is EFBIG.
 */
public final class FileRanges {
    private FileRanges() {}

    /**
     * Returns {@code offset + length}; throws OUT_OF_RANGE naming {@code what} when either is negative or the
     * sum is past the largest file offset.
     */
    public static long end(String what, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new AfsException(ErrorCode.OUT_OF_RANGE, what + ": offset and length must not be negative");
        }
        if (offset > Long.MAX_VALUE - length) {
            throw new AfsException(
                    ErrorCode.OUT_OF_RANGE,
                    what + ": offset " + offset + " + length " + length + " is past the largest file offset ("
                            + Long.MAX_VALUE + ")");
        }
        return offset + length;
    }

    /** Throws RESOURCE_EXHAUSTED PAYLOAD_TOO_LARGE when a file would end past {@code limit} bytes. */
    public static void withinFileLimit(String what, long end, long limit) {
        if (end > limit) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    what + " ends at byte " + end + ", past the file size limit of " + limit + " bytes",
                    "limit",
                    Long.toString(limit));
        }
    }
}
