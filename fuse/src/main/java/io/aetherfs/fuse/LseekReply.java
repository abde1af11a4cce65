package io.aetherfs.fuse;

/** The answer to lseek with SEEK_DATA or SEEK_HOLE: the offset found. */
public interface LseekReply extends Reply {

    /** Answers with {@code offset}. */
    void offset(long offset);
}
