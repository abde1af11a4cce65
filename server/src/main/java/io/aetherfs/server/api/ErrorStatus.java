package io.aetherfs.server.api;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from core errors to the wire (spec §4): a {@code google.rpc.Status} with an ErrorInfo
 * (domain {@code aetherfs.io}) when the error has a reason, and the HTTP status of its code. Unexpected
 * exceptions become INTERNAL with a generic message; their details go to the log, never to clients.
 * Messages are cut at {@link #MAX_MESSAGE_CHARS}.
 */
public final class ErrorStatus {
    public static final String DOMAIN = "aetherfs.io";
    /**
     * The longest message sent; longer ones (which echo a request's own long values) are cut. A gRPC
     * status travels in trailers, and with its details copy it must stay well inside the 8 KiB of
     * metadata clients accept by default, or the client sees a protocol error instead of the status.
     */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private static final Logger log = LoggerFactory.getLogger(ErrorStatus.class);

    private ErrorStatus() {}

    /** Returns the status of a core error. */
    public static Status of(AfsException e) {
        Status.Builder b = Status.newBuilder()
                .setCode(e.code().grpcCode())
                .setMessage(abbreviate(e.getMessage() == null ? "" : e.getMessage()));
        if (e.reason() != null) {
            b.addDetails(Any.pack(ErrorInfo.newBuilder()
                    .setReason(e.reason().name())
                    .setDomain(DOMAIN)
                    .putAllMetadata(e.metadata())
                    .build()));
        }
        return b.build();
    }

    /** Returns the status of any throwable: core errors as they are, everything else as INTERNAL (logged). */
    public static Status of(Throwable t) {
        if (t instanceof AfsException a) {
            if (a.code() == ErrorCode.INTERNAL || a.code() == ErrorCode.UNKNOWN || a.code() == ErrorCode.DATA_LOSS) {
                log.error("request failed: {}", a.getMessage(), a.getCause() != null ? a.getCause() : a);
            }
            return of(a);
        }
        log.error("unexpected failure", t);
        return Status.newBuilder()
                .setCode(ErrorCode.INTERNAL.grpcCode())
                .setMessage("internal error; see the server log")
                .build();
    }

    private static String abbreviate(String message) {
        if (message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int cut = MAX_MESSAGE_CHARS;
        if (Character.isLowSurrogate(message.charAt(cut))) {
            cut--; // keep surrogate pairs whole
        }
        return message.substring(0, cut) + "…";
    }

    /** Returns the HTTP status of a google.rpc code (spec §4 table). */
    public static int httpStatus(int grpcCode) {
        return switch (grpcCode) {
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
    }
}
