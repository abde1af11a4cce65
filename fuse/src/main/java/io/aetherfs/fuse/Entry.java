package io.aetherfs.fuse;

import java.time.Duration;

/**
 * A name resolved to an inode, as a lookup, create, mkdir, mknod, symlink or link answers it: the node id
 * the kernel will use in later requests, its attributes, and how long the kernel may cache the name and the
 * attributes. Each entry handed to the kernel counts one lookup of {@code nodeId}, which the kernel gives
 * back through {@link FuseFilesystem#forget}.
 */
public record Entry(long nodeId, long generation, Attr attr, Duration attrTimeout, Duration entryTimeout) {

    /** Creates an entry with generation 0. */
    public Entry(long nodeId, Attr attr, Duration attrTimeout, Duration entryTimeout) {
        this(nodeId, 0, attr, attrTimeout, entryTimeout);
    }

    /** Returns a negative entry: the name does not exist, and the kernel may remember that for {@code ttl}. */
    public static Entry negative(Duration ttl) {
        return new Entry(0, 0, null, Duration.ZERO, ttl);
    }

    /** Returns whether this entry says the name does not exist. */
    public boolean isNegative() {
        return nodeId == 0;
    }
}
