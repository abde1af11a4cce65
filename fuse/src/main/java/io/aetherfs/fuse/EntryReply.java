package io.aetherfs.fuse;

/** The answer to lookup, mknod, mkdir, symlink and link: the entry the name now resolves to. */
public interface EntryReply extends Reply {

    /** Answers with {@code entry}; a positive entry counts one lookup of its node id. */
    void entry(Entry entry);
}
