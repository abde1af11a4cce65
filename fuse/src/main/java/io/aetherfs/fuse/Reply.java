package io.aetherfs.fuse;

/**
 * The answer to one kernel request. Exactly one answer counts: the first; later ones are dropped (and
 * logged). An operation may answer before it returns or keep the reply and answer later from any thread
 * (a blocking lock, say); until it does, the calling process waits.
 */
public interface Reply {

    /** Answers with the error {@code errno}. */
    void error(Errno errno);

    /** Returns the process that made the request (valid until the request is answered). */
    Caller caller();

    /** Returns whether the calling process was interrupted (by a signal) and gave up waiting; answer EINTR. */
    boolean isInterrupted();

    /** Returns whether this request has been answered. */
    boolean isAnswered();
}
