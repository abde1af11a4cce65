package io.aetherfs.fuse;

/**
 * An operation's failure as the kernel will see it: an {@link Errno}. Thrown by a filesystem callback it
 * becomes the request's error reply; it carries no stack trace, so a hot path (a failed lookup) can throw
 * it cheaply.
 */
public final class FuseException extends Exception {

    private final Errno errno;

    /** Creates the failure {@code errno}. */
    public FuseException(Errno errno) {
        this(errno, null);
    }

    /** Creates the failure {@code errno} with a message for logs. */
    public FuseException(Errno errno, String message) {
        super(message == null ? errno.name() : errno.name() + ": " + message, null, false, false);
        this.errno = errno;
    }

    /** Returns the error the request is answered with. */
    public Errno errno() {
        return errno;
    }
}
