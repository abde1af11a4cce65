package io.aetherfs.fuse.passthrough;

/**
 * A host inode the kernel knows through the mount: the node id it was given, the host's (device, inode)
 * pair that identifies it, an {@code O_PATH} descriptor that keeps it reachable whatever its names become,
 * and the kernel's lookup count, guarded by {@link Inodes}.
 */
final class Inode {

    final long nodeId;
    final long dev;
    final long ino;
    final int fd;
    final boolean symlink;
    /** The directory and name it was first looked up under (for pruning; may be stale after a rename). */
    final long parent;

    final String name;
    long lookups;
    /** When the kernel last looked it up ({@link System#nanoTime()}). */
    volatile long used;

    Inode(long nodeId, long dev, long ino, int fd, boolean symlink, long parent, String name) {
        this.nodeId = nodeId;
        this.dev = dev;
        this.ino = ino;
        this.fd = fd;
        this.symlink = symlink;
        this.parent = parent;
        this.name = name;
        this.used = System.nanoTime();
    }

    @Override
    public String toString() {
        return "Inode[" + nodeId + " = " + dev + ":" + ino + ", lookups " + lookups + "]";
    }
}
