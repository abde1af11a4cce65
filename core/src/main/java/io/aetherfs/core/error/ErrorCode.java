package io.aetherfs.core.error;

/** The canonical error codes of the core; each transport maps them once (HTTP status, gRPC status, errno). */
public enum ErrorCode {
    CANCELLED(1),
    UNKNOWN(2),
    INVALID_ARGUMENT(3),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    OUT_OF_RANGE(11),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    DATA_LOSS(15),
    UNAUTHENTICATED(16);

    private final int grpcCode;

    ErrorCode(int grpcCode) {
        this.grpcCode = grpcCode;
    }

    /** Returns the numeric google.rpc.Code value. */
    public int grpcCode() {
        return grpcCode;
    }
}
