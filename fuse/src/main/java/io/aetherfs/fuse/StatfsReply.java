package io.aetherfs.fuse;

/** The answer to statfs. */
public interface StatfsReply extends Reply {

    /** Answers with {@code stats}. */
    void stats(FsStats stats);
}
