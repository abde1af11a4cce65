package io.aetherfs.core.error;

/** The ErrorInfo reasons (domain {@code aetherfs.io}) a client may act on, each with its canonical code. */
public enum Reason {
    SESSION_NOT_ACTIVE(ErrorCode.FAILED_PRECONDITION),
    STALE_EXPECTED_HASH(ErrorCode.FAILED_PRECONDITION),
    STALE_FINGERPRINT(ErrorCode.FAILED_PRECONDITION),
    CAPABILITY_DISABLED(ErrorCode.FAILED_PRECONDITION),
    APPROVAL_REQUIRED(ErrorCode.FAILED_PRECONDITION),
    APPROVAL_NOT_PENDING(ErrorCode.FAILED_PRECONDITION),
    SELF_APPROVAL(ErrorCode.PERMISSION_DENIED),
    NOTHING_TO_COMMIT(ErrorCode.FAILED_PRECONDITION),
    NOT_A_DESCENDANT(ErrorCode.FAILED_PRECONDITION),
    PATH_LOCKED(ErrorCode.FAILED_PRECONDITION),
    LOCK_TOKEN_MISMATCH(ErrorCode.FAILED_PRECONDITION),
    LOCK_CONFLICT(ErrorCode.FAILED_PRECONDITION),
    PATH_EXISTS(ErrorCode.ALREADY_EXISTS),
    PATH_NOT_FOUND(ErrorCode.NOT_FOUND),
    NOT_A_DIRECTORY(ErrorCode.FAILED_PRECONDITION),
    IS_A_DIRECTORY(ErrorCode.FAILED_PRECONDITION),
    DIRECTORY_NOT_EMPTY(ErrorCode.FAILED_PRECONDITION),
    NOT_A_SYMLINK(ErrorCode.FAILED_PRECONDITION),
    CACHE_VERSION_MISMATCH(ErrorCode.ABORTED),
    /** Concurrent updates kept winning until the retries ran out; retrying the request is safe. */
    CONCURRENT_UPDATE(ErrorCode.ABORTED),
    /** A request with the same Idempotency-Key is still running; retry once it has finished. */
    REQUEST_IN_PROGRESS(ErrorCode.ABORTED),
    SOURCE_NOT_READY(ErrorCode.FAILED_PRECONDITION),
    SOURCE_IN_USE(ErrorCode.FAILED_PRECONDITION),
    PAYLOAD_TOO_LARGE(ErrorCode.RESOURCE_EXHAUSTED),
    QUOTA_EXCEEDED(ErrorCode.RESOURCE_EXHAUSTED),
    RATE_LIMITED(ErrorCode.RESOURCE_EXHAUSTED),
    /** A bus subscriber fell too far behind and was closed; metadata {@code afterSequence} says where to resume. */
    SLOW_SUBSCRIBER(ErrorCode.RESOURCE_EXHAUSTED),
    LEASE_EXPIRED(ErrorCode.FAILED_PRECONDITION),
    MUTATION_GAP(ErrorCode.FAILED_PRECONDITION);

    private final ErrorCode code;

    Reason(ErrorCode code) {
        this.code = code;
    }

    /** Returns the error code this reason is always reported with. */
    public ErrorCode code() {
        return code;
    }
}
