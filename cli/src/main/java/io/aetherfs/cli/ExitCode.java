package io.aetherfs.cli;

import io.grpc.Status;

/**
 * The exit statuses of every {@code afs} command, in one table: {@code afs --help} and the README print
 * it, and every failure maps onto it (server errors by their gRPC status code).
 */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "server error (INTERNAL, UNAVAILABLE, ...) or server not reachable"),
    USAGE(2, "usage error: bad command, option or value (also INVALID_ARGUMENT)"),
    NOT_FOUND(3, "not found: no such session, file, checkpoint, commit, source ..."),
    CONFLICT(4, "conflict: wrong status, stale fingerprint, exists, merge conflict"),
    AUTH(5, "auth: no token, a token refused (401) or lacking a scope (403)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** Returns the process exit status. */
    public int code() {
        return code;
    }

    /** Returns what the status means, one line. */
    public String meaning() {
        return meaning;
    }

    /** Returns the exit status a server error with this gRPC code leads to. */
    public static ExitCode of(Status.Code status) {
        return switch (status) {
            case OK -> OK;
            case INVALID_ARGUMENT, OUT_OF_RANGE -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION, RESOURCE_EXHAUSTED -> CONFLICT;
            case UNAUTHENTICATED, PERMISSION_DENIED -> AUTH;
            default -> FAILURE;
        };
    }

    /** Returns the table as help-text lines, {@code "  3  not found: ..."}. */
    public static String[] helpLines() {
        ExitCode[] all = values();
        String[] lines = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            lines[i] = "  " + all[i].code + "  " + all[i].meaning;
        }
        return lines;
    }
}
