package io.aetherfs.server.http;

import io.aetherfs.core.error.ErrorCode;

/**
 * The HTTP transport's one table of error statuses: the status of each google.rpc code (spec §4), and
 * the status HTTP itself defines for the three conditions a code cannot express: a method the path does
 * not offer (405), a precondition of an {@code If-Match} or {@code If-None-Match} header that failed
 * (412) and a {@code Range} outside the content (416). Every error answer of {@code /v1} takes its status
 * from here, through {@link HttpErrors}; the gRPC transport sends the code itself. The one reverse entry
 * is the code of a request Armeria refused with its own status before any route ({@link ProtocolErrors}).
 */
final class HttpStatusTable {
    /** What an error says about the HTTP exchange beyond its code, when HTTP has a status of its own for it. */
    enum Condition {
        /** Nothing beyond the code: the code's status. */
        NONE,
        /** The path is served, but not for this method (405, with {@code Allow}). */
        METHOD_NOT_ALLOWED,
        /** A precondition that came from an {@code If-Match} or {@code If-None-Match} header failed (412). */
        PRECONDITION_FAILED,
        /** The {@code Range} starts at or past the end of the content (416, with {@code Content-Range}). */
        RANGE_NOT_SATISFIABLE
    }

    private HttpStatusTable() {}

    /** Returns the HTTP status of an error with google.rpc code {@code grpcCode} and no HTTP condition. */
    static int status(int grpcCode) {
        return status(grpcCode, Condition.NONE);
    }

    /** Returns the HTTP status of an error with google.rpc code {@code grpcCode} met under {@code condition}. */
    static int status(int grpcCode, Condition condition) {
        return switch (condition) {
            case METHOD_NOT_ALLOWED -> 405;
            case PRECONDITION_FAILED -> 412;
            case RANGE_NOT_SATISFIABLE -> 416;
            case NONE ->
                switch (grpcCode) {
                    case 0 -> 200;
                    case 1 -> 499; // CANCELLED
                    case 3, 11 -> 400; // INVALID_ARGUMENT, OUT_OF_RANGE
                    case 4 -> 504; // DEADLINE_EXCEEDED
                    case 5 -> 404;
                    case 6, 9, 10 -> 409; // ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED
                    case 7 -> 403;
                    case 8 -> 429; // RESOURCE_EXHAUSTED
                    case 12 -> 501;
                    case 14 -> 503;
                    case 16 -> 401;
                    default -> 500; // INTERNAL, UNKNOWN, DATA_LOSS
                };
        };
    }

    /** Returns the code of a request Armeria refused before any route, answered with its own {@code httpStatus}. */
    static ErrorCode codeOfRefusal(int httpStatus) {
        return switch (httpStatus) {
            case 413, 431 -> ErrorCode.RESOURCE_EXHAUSTED; // content or headers too large
            case 408 -> ErrorCode.DEADLINE_EXCEEDED;
            default -> httpStatus / 100 == 5 ? ErrorCode.UNAVAILABLE : ErrorCode.INVALID_ARGUMENT;
        };
    }
}
