package io.aetherfs.fuse;

/**
 * The attribute changes of one {@code setattr} request ({@code chmod}, {@code chown}, {@code truncate},
 * {@code utimensat}): only the fields whose {@code sets…} method answers true are to be applied.
 */
public record SetAttr(int valid, int mode, int uid, int gid, long size, long atimeNanos, long mtimeNanos) {

    static final int MODE = 1, UID = 1 << 1, GID = 1 << 2, SIZE = 1 << 3, ATIME = 1 << 4, MTIME = 1 << 5;
    static final int ATIME_NOW = 1 << 7, MTIME_NOW = 1 << 8;

    /** Returns whether the permission bits change (to {@link #mode}). */
    public boolean setsMode() {
        return (valid & MODE) != 0;
    }

    /** Returns whether the owner changes (to {@link #uid}). */
    public boolean setsUid() {
        return (valid & UID) != 0;
    }

    /** Returns whether the group changes (to {@link #gid}). */
    public boolean setsGid() {
        return (valid & GID) != 0;
    }

    /** Returns whether the file is truncated or extended (to {@link #size}). */
    public boolean setsSize() {
        return (valid & SIZE) != 0;
    }

    /** Returns whether the access time changes: to {@link #atimeNanos}, or to now if {@link #atimeNow}. */
    public boolean setsAtime() {
        return (valid & (ATIME | ATIME_NOW)) != 0;
    }

    /** Returns whether the access time is set to the current time. */
    public boolean atimeNow() {
        return (valid & ATIME_NOW) != 0;
    }

    /** Returns whether the modification time changes: to {@link #mtimeNanos}, or to now if {@link #mtimeNow}. */
    public boolean setsMtime() {
        return (valid & (MTIME | MTIME_NOW)) != 0;
    }

    /** Returns whether the modification time is set to the current time. */
    public boolean mtimeNow() {
        return (valid & MTIME_NOW) != 0;
    }
}
