package io.aetherfs.fuse;

/** The answer to a request whose success carries no data (unlink, rename, fsync, setlk, …). */
public interface StatusReply extends Reply {

    /** Answers success. */
    void ok();
}
