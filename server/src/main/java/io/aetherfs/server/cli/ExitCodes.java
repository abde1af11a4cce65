package io.aetherfs.server.cli;

/** The exit statuses of every afs-server command. */
final class ExitCodes {
    /** Success (for fsck: the store is clean). */
    static final int OK = 0;
    /** A runtime failure (for fsck: problems were found). */
    static final int FAILURE = 1;
    /** A usage or configuration error. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
