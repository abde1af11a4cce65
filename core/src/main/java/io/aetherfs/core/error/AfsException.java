package io.aetherfs.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type of the core: a canonical code, a message a person can act on, and optionally
 * an ErrorInfo reason with metadata. Messages never contain secret values, tokens or file contents.
 */
public class AfsException extends RuntimeException {
    private final ErrorCode code;
    private final Reason reason;
    private final Map<String, String> metadata;

    /**
     * Returns an error without a reason. ABORTED always says why (an ErrorInfo reason a client can act
     * on), so it is made with {@link #of} only.
     */
    public AfsException(ErrorCode code, String message) {
        this(code, null, message, Map.of(), null);
    }

    public AfsException(ErrorCode code, String message, Throwable cause) {
        this(code, null, message, Map.of(), cause);
    }

    private AfsException(ErrorCode code, Reason reason, String message, Map<String, String> metadata, Throwable cause) {
        super(message, cause, true, cause != null);
        if (code == ErrorCode.ABORTED && reason == null) {
            throw new IllegalArgumentException("an ABORTED error needs a reason: " + message);
        }
        this.code = code;
        this.reason = reason;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Returns an error with a reason (its code implied) and metadata given as key, value pairs. */
    public static AfsException of(Reason reason, String message, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("metadata must be key, value pairs");
        }
        Map<String, String> md = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            md.put(keyValues[i], keyValues[i + 1] == null ? "" : keyValues[i + 1]);
        }
        return new AfsException(reason.code(), reason, message, md, null);
    }

    /** Returns an INVALID_ARGUMENT error. */
    public static AfsException invalid(String message) {
        return new AfsException(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** Returns a NOT_FOUND error. */
    public static AfsException notFound(String message) {
        return new AfsException(ErrorCode.NOT_FOUND, message);
    }

    /** Returns a FAILED_PRECONDITION error without a reason. */
    public static AfsException precondition(String message) {
        return new AfsException(ErrorCode.FAILED_PRECONDITION, message);
    }

    /** Returns an INTERNAL error wrapping an unexpected cause. */
    public static AfsException internal(String message, Throwable cause) {
        return new AfsException(ErrorCode.INTERNAL, message, cause);
    }

    /** Returns the ABORTED error of an update whose retries against concurrent writers ran out. */
    public static AfsException concurrentUpdate(String message, Throwable cause) {
        return new AfsException(ErrorCode.ABORTED, Reason.CONCURRENT_UPDATE, message, Map.of(), cause);
    }

    /** Returns an UNAVAILABLE error, for storage that cannot be reached. */
    public static AfsException unavailable(String message, Throwable cause) {
        return new AfsException(ErrorCode.UNAVAILABLE, message, cause);
    }

    /** Returns a copy of this error with a code other than the reason's (e.g. 412 handling keeps the reason). */
    public AfsException withCode(ErrorCode newCode) {
        return new AfsException(newCode, reason, getMessage(), metadata, getCause());
    }

    /** Returns a copy whose message starts with {@code prefix}, keeping code, reason and metadata. */
    public AfsException prefixed(String prefix) {
        return new AfsException(code, reason, prefix + getMessage(), metadata, getCause());
    }

    public ErrorCode code() {
        return code;
    }

    /** Returns the ErrorInfo reason, or null when the error carries none. */
    public Reason reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }
}
