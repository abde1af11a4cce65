package io.aetherfs.fuse;

/**
 * The attributes of an inode as {@code stat(2)} reports them through the mount. {@code ino} is the inode
 * number applications see (it need not equal the node id the binding uses for requests); times are
 * nanoseconds since the epoch; {@code mode} holds the file type bits and the permission bits.
 */
public record Attr(
        long ino,
        int mode,
        long nlink,
        int uid,
        int gid,
        long rdev,
        long size,
        long blocks,
        int blksize,
        long atimeNanos,
        long mtimeNanos,
        long ctimeNanos) {

    /** The file type bits of {@code mode}. */
    public static final int S_IFMT = 0170000;
    /** A directory. */
    public static final int S_IFDIR = 0040000;
    /** A regular file. */
    public static final int S_IFREG = 0100000;
    /** A symbolic link. */
    public static final int S_IFLNK = 0120000;

    /** Returns whether this is a directory. */
    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /** Returns whether this is a regular file. */
    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** Returns whether this is a symbolic link. */
    public boolean isSymbolicLink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** Returns a copy with another size (and a block count that follows it). */
    public Attr withSize(long newSize) {
        return new Attr(
                ino,
                mode,
                nlink,
                uid,
                gid,
                rdev,
                newSize,
                (newSize + 511) / 512,
                blksize,
                atimeNanos,
                mtimeNanos,
                ctimeNanos);
    }
}
