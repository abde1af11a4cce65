package io.aetherfs.fuse;

/**
 * A POSIX record lock as {@code fcntl(2)} describes it: a type ({@link #F_RDLCK}, {@link #F_WRLCK},
 * {@link #F_UNLCK}), a byte range from {@code start} of {@code length} bytes (0: to the end of the file),
 * and the process that holds or asks for it.
 */
public record Lock(int type, long start, long length, int pid) {

    /** A shared (read) lock. */
    public static final int F_RDLCK = 0;
    /** An exclusive (write) lock. */
    public static final int F_WRLCK = 1;
    /** No lock (an unlock request, or no conflict in a test reply). */
    public static final int F_UNLCK = 2;

    /** Returns a lock of no type: the answer to a test that found no conflicting lock. */
    public static Lock none() {
        return new Lock(F_UNLCK, 0, 0, 0);
    }
}
