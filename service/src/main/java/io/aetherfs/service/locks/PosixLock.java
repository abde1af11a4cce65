package io.aetherfs.service.locks;

import java.time.Instant;

/**
 * One advisory lock on a path: a POSIX byte range (length 0 = to end of file) or, with {@code flock},
 * a whole-file BSD lock. Owners are (ownerId, pid); a lock lapses at {@code expiresAt} unless set again.
 */
public record PosixLock(
        String path, String ownerId, int pid, Kind kind, long start, long length, Instant expiresAt, boolean flock) {
    /** READ/WRITE for byte ranges; flock uses READ for shared and WRITE for exclusive. */
    public enum Kind {
        READ,
        WRITE,
        UNLOCK
    }

    /** Returns the offset just past the range. */
    public long end() {
        return length == 0 ? Long.MAX_VALUE : start + length;
    }

    /** Returns whether the two locks have the same owner. */
    public boolean sameOwner(String otherOwner, int otherPid) {
        return ownerId.equals(otherOwner) && pid == otherPid;
    }

    /** Returns whether this lock blocks a lock of {@code kind} on [start, end) by another owner. */
    public boolean blocks(Kind want, long s, long e) {
        return start < e && s < end() && (kind == Kind.WRITE || want == Kind.WRITE);
    }
}
