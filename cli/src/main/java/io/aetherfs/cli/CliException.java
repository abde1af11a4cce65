package io.aetherfs.cli;

/**
 * A failure found on the client side (no token, an unreadable local file, a value the server was never
 * asked about), with the exit status it leads to and a message that says what to do.
 */
public final class CliException extends RuntimeException {
    private final ExitCode exitCode;

    public CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Returns the exit status. */
    public ExitCode exitCode() {
        return exitCode;
    }

    /** Returns a usage error (exit 2). */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }
}
