package io.aetherfs.core.tree;

/**
 * The attributes every entry carries: a stable inode number (shared by hard links, kept across forks
 * and remounts), permission bits (07777), owner, modification time in nanoseconds since the epoch, and
 * extended attributes. Only the mode and xattrs take part in fingerprints.
 */
public record Attrs(long inode, int mode, int uid, int gid, long mtimeNanos, Xattrs xattrs) {
    public Attrs {
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode has bits outside 07777: " + Integer.toOctalString(mode));
        }
        if (xattrs == null) {
            xattrs = Xattrs.NONE;
        }
    }

    public Attrs withMode(int newMode) {
        return new Attrs(inode, newMode, uid, gid, mtimeNanos, xattrs);
    }

    public Attrs withOwner(int newUid, int newGid) {
        return new Attrs(inode, mode, newUid, newGid, mtimeNanos, xattrs);
    }

    public Attrs withMtime(long nanos) {
        return new Attrs(inode, mode, uid, gid, nanos, xattrs);
    }

    public Attrs withXattrs(Xattrs x) {
        return new Attrs(inode, mode, uid, gid, mtimeNanos, x);
    }

    public Attrs withInode(long newInode) {
        return new Attrs(newInode, mode, uid, gid, mtimeNanos, xattrs);
    }
}
