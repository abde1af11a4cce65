package io.aetherfs.server.api;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from core errors to the wire (spec §4): a {@code google.rpc.Status} with an ErrorInfo
 * (domain {@code aetherfs.io}) when the error has a reason, which gRPC sends as its status and HTTP as
 * its body (with the status of the HTTP transport's own table, {@code http/HttpStatusTable}). Unexpected
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
    /**
     * The ErrorInfo metadata key of an error that says when to retry (RATE_LIMITED), in whole seconds; the
     * status then also carries a {@code google.rpc.RetryInfo} with that delay, and HTTP a {@code Retry-After}.
     */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

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
            String retryAfter = e.metadata().get(RETRY_AFTER_SECONDS);
            if (retryAfter != null) {
                b.addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(Duration.newBuilder().setSeconds(Long.parseLong(retryAfter)))
                        .build()));
            }
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
}
