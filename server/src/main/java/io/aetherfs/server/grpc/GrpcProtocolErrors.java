package io.aetherfs.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.ResponseCompleteException;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.server.api.ErrorStatus;
import io.grpc.DecompressorRegistry;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The gRPC transport's answer to failures Armeria's gRPC layer meets itself, before or around a handler
 * (the handlers' own errors are already mapped by {@link GrpcCalls}), spec §4 and §10:
 * <ul>
 *   <li>a request message that is not valid protobuf (bad wire format, a truncated field, a proto3
 *       string that is not UTF-8, nesting past the recursion limit) is INVALID_ARGUMENT;
 *   <li>a request whose gRPC framing is broken (a frame cut short, reserved flag bits set, a message
 *       flagged compressed with no usable {@code grpc-encoding}, compressed bytes that do not inflate)
 *       is INVALID_ARGUMENT, and an encoding the server does not know is UNIMPLEMENTED, as gRPC says;
 *   <li>a message over the size limit, on the wire or once inflated, is RESOURCE_EXHAUSTED
 *       PAYLOAD_TOO_LARGE with the limit;
 *   <li>cancellations and deadlines keep their codes; anything else is INTERNAL, and logged.
 * </ul>
 * Every answer carries a message in the API's words and, through {@link ErrorStatus}, the same
 * {@code google.rpc.Status} details as every other error; never an Armeria or Java class name.
 */
final class GrpcProtocolErrors implements GrpcExceptionHandlerFunction {
    private final int maxMessageBytes;

    GrpcProtocolErrors(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
        AfsException error = error(ctx, status, cause);
        if (error == null) {
            return status; // a status some handler chose on purpose, with its own trailers
        }
        StatusRuntimeException mapped = StatusProto.toStatusRuntimeException(ErrorStatus.of((Throwable) error));
        metadata.merge(mapped.getTrailers());
        return mapped.getStatus().withCause(cause);
    }

    /** Returns the error to answer, or null to keep {@code status}. */
    private AfsException error(RequestContext ctx, Status status, Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof AfsException a) {
                return a;
            }
            if (c instanceof InvalidProtocolBufferException e) {
                return AfsException.invalid(malformed(e));
            }
        }
        if (cause instanceof ResponseCompleteException) {
            // the call had already answered (a client that stopped reading a stream it had what it wanted of)
            return new AfsException(ErrorCode.CANCELLED, "the call was cancelled");
        }
        if (fromDeframer(cause)) {
            return framing(ctx, status, cause);
        }
        Status known = GrpcExceptionHandlerFunction.of().apply(ctx, status, cause, new Metadata());
        return switch (known.getCode()) {
            case RESOURCE_EXHAUSTED -> tooLarge();
            case INVALID_ARGUMENT -> AfsException.invalid("the request message is not a valid protobuf message");
            case CANCELLED -> new AfsException(ErrorCode.CANCELLED, "the call was cancelled");
            case DEADLINE_EXCEEDED -> new AfsException(ErrorCode.DEADLINE_EXCEEDED, "the call's deadline passed");
            case UNAVAILABLE -> new AfsException(ErrorCode.UNAVAILABLE, "the call's stream failed; retry it");
            case INTERNAL, UNKNOWN, DATA_LOSS ->
                AfsException.internal("internal error; see the server log", cause); // ErrorStatus logs the cause
            default -> null;
        };
    }

    /** Returns the error of a request whose gRPC framing or compression is broken. */
    private AfsException framing(RequestContext ctx, Status status, Throwable cause) {
        StringBuilder messages = new StringBuilder();
        for (Throwable c = cause; c != null; c = c.getCause()) {
            messages.append(c.getMessage()).append('\n');
        }
        String description = messages.toString();
        // Armeria's deframer reports a frame or an inflated message over the limit as RESOURCE_EXHAUSTED
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED || description.contains("exceeds maximum")) {
            return tooLarge();
        }
        String encoding = ctx.request() == null ? null : ctx.request().headers().get("grpc-encoding");
        if (encoding != null && DecompressorRegistry.getDefaultInstance().lookupDecompressor(encoding) == null) {
            return new AfsException(
                    ErrorCode.UNIMPLEMENTED,
                    "grpc-encoding \"" + (encoding.length() > 40 ? encoding.substring(0, 40) + "…" : encoding)
                            + "\" is not supported; use gzip or identity");
        }
        if (description.contains("reserved bits")) {
            return AfsException.invalid("a gRPC frame header has reserved flag bits set");
        }
        if (description.contains("compression not configured")) {
            return AfsException.invalid("a message is flagged compressed, but the call names no grpc-encoding");
        }
        return AfsException.invalid("the request is not a well-formed gRPC message: a frame is cut short, or its "
                + "compressed bytes cannot be inflated with the call's grpc-encoding");
    }

    /** Returns whether Armeria's deframer (reading frames, inflating them) threw {@code t} or its cause. */
    private static boolean fromDeframer(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                if (e.getClassName().contains("MessageDeframer")
                        || e.getClassName().contains("DecoderInput")) {
                    return true;
                }
            }
        }
        return false;
    }

    private AfsException tooLarge() {
        return AfsException.of(
                Reason.PAYLOAD_TOO_LARGE,
                "the request message is larger than the limit of " + maxMessageBytes + " bytes",
                "limit",
                Integer.toString(maxMessageBytes));
    }

    /** Returns what is wrong with a request message, in protobuf's words but without Java names. */
    private static String malformed(InvalidProtocolBufferException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("UTF-8")) {
            return "the request message has a string field that is not valid UTF-8";
        }
        if (m.contains("truncated") || m.contains("ended unexpectedly")) {
            return "the request message is not valid protobuf: it ends in the middle of a field";
        }
        if (m.contains("recursion") || m.contains("levels of nesting")) {
            return "the request message is not valid protobuf: it nests groups or messages too deeply";
        }
        return "the request message is not valid protobuf (an invalid tag, wire type or length)";
    }
}
