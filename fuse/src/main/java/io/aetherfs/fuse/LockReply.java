package io.aetherfs.fuse;

/** The answer to getlk: a lock that conflicts with the one tested, or {@link Lock#none()}. */
public interface LockReply extends Reply {

    /** Answers with {@code lock}. */
    void lock(Lock lock);
}
