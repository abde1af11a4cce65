package io.aetherfs.fuse;

import java.lang.foreign.MemorySegment;

/**
 * The answer to readdirplus: directory entries with their attributes, so the kernel needs no lookup per
 * name. Every positive entry added counts one lookup of its node id, as in {@link EntryReply}; an entry that
 * does not fit is not added and counts nothing.
 */
public interface DirPlusReply extends Reply {

    /** Adds {@code entry} under {@code name}; returns false, adding nothing, when it does not fit. */
    boolean add(String name, Entry entry, long nextOffset);

    /** Adds {@code entry} under the NUL-terminated name at {@code cName}; false when it does not fit. */
    boolean add(MemorySegment cName, Entry entry, long nextOffset);

    /** Sends the entries added so far (none: the end of the directory). */
    void done();
}
