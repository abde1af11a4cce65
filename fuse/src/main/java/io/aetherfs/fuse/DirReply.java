package io.aetherfs.fuse;

import java.lang.foreign.MemorySegment;

/**
 * The answer to readdir: directory entries added one by one until the kernel's buffer is full, then sent
 * with {@link #done()}. Each entry names the offset at which the listing continues after it.
 */
public interface DirReply extends Reply {

    /**
     * Adds an entry; returns false, adding nothing, when it does not fit (send with {@link #done()} and let the
     * kernel ask again from that entry's offset).
     *
     * @param ino the inode number to report ({@code d_ino})
     * @param mode the file type bits ({@code S_IFDIR}, …) of the entry
     * @param nextOffset the offset at which a later readdir continues after this entry (never 0)
     */
    boolean add(String name, long ino, int mode, long nextOffset);

    /** Adds an entry whose name is the NUL-terminated string at {@code cName} (no Java string is made). */
    boolean add(MemorySegment cName, long ino, int mode, long nextOffset);

    /** Sends the entries added so far (none: the end of the directory). */
    void done();
}
