package io.aetherfs.client;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/**
 * A failed call: the gRPC status code, the server's message, and the ErrorInfo reason and metadata
 * (e.g. {@code STALE_EXPECTED_HASH} with {@code currentHash}) that callers can act on.
 */
public final class AetherFsException extends RuntimeException {
    private final Status.Code code;
    private final String reason;
    private final Map<String, String> metadata;

    private AetherFsException(
            Status.Code code, String message, String reason, Map<String, String> metadata, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.reason = reason;
        this.metadata = metadata;
    }

    /** Returns the exception describing a failed gRPC call. */
    public static AetherFsException from(StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        String reason = "";
        Map<String, String> metadata = Map.of();
        if (s != null) {
            for (var any : s.getDetailsList()) {
                if (any.is(ErrorInfo.class)) {
                    try {
                        ErrorInfo info = any.unpack(ErrorInfo.class);
                        reason = info.getReason();
                        metadata = Map.copyOf(info.getMetadataMap());
                    } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                        // a malformed detail leaves the reason empty
                    }
                }
            }
        }
        String message =
                e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        return new AetherFsException(e.getStatus().getCode(), message, reason, metadata, e);
    }

    /** Returns the gRPC status code. */
    public Status.Code code() {
        return code;
    }

    /** Returns the ErrorInfo reason (empty when the error has none). */
    public String reason() {
        return reason;
    }

    /** Returns the ErrorInfo metadata. */
    public Map<String, String> metadata() {
        return metadata;
    }
}
