package io.aetherfs.fuse;

/** The answer to open and opendir: the filesystem's handle and caching flags for the open file. */
public interface OpenReply extends Reply {

    /** Answers with {@code file}. */
    void opened(OpenFile file);
}
