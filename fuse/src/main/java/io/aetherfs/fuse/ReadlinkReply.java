package io.aetherfs.fuse;

/** The answer to readlink: the symbolic link's target. */
public interface ReadlinkReply extends Reply {

    /** Answers with {@code target}. */
    void target(String target);
}
