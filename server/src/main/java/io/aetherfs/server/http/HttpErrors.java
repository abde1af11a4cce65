package io.aetherfs.server.http;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.QuotaFailure;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.server.api.ErrorStatus;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one error mapping of the HTTP transport: every failure becomes a {@code google.rpc.Status} JSON
 * body (spec §4) with the HTTP status {@link HttpStatusTable} gives its code, or its code under the HTTP
 * condition of an {@link HttpFailure} (405, 412, 416). Failures reported by the in-process gRPC
 * implementations keep their status and details unchanged.
 */
final class HttpErrors {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .usingTypeRegistry(TypeRegistry.newBuilder()
                    .add(List.of(
                            ErrorInfo.getDescriptor(),
                            BadRequest.getDescriptor(),
                            PreconditionFailure.getDescriptor(),
                            QuotaFailure.getDescriptor(),
                            RetryInfo.getDescriptor(),
                            ResourceInfo.getDescriptor()))
                    .build())
            .omittingInsignificantWhitespace();

    private HttpErrors() {}

    /** Returns the error response of any failure. */
    static HttpResponse response(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof HttpFailure f) {
            return response(f.httpStatus(), f.status(), f.headers());
        }
        Status s = status(c);
        return response(HttpStatusTable.status(s.getCode()), s, HttpHeaders.of());
    }

    /** Returns the google.rpc.Status of a failure (unwrapped). */
    static Status status(Throwable c) {
        return switch (c) {
            case AfsException a -> ErrorStatus.of(a);
            case HttpFailure f -> f.status();
            case StatusRuntimeException e -> grpc(e);
            case StatusException e -> grpc(e);
            case ContentTooLargeException e -> ErrorStatus.of(tooLarge(e.maxContentLength()));
            case InvalidProtocolBufferException e ->
                ErrorStatus.of(AfsException.invalid("invalid request: " + e.getMessage()));
            case ClosedStreamException e -> ErrorStatus.of(new AfsException(ErrorCode.CANCELLED, "request cancelled"));
            case AbortedStreamException e -> ErrorStatus.of(new AfsException(ErrorCode.CANCELLED, "request cancelled"));
            default -> ErrorStatus.of(c);
        };
    }

    /** Returns the RESOURCE_EXHAUSTED PAYLOAD_TOO_LARGE error of a body over {@code limit} bytes. */
    static AfsException tooLarge(long limit) {
        return AfsException.of(
                Reason.PAYLOAD_TOO_LARGE,
                "request body exceeds the limit of " + limit + " bytes",
                "limit",
                Long.toString(limit));
    }

    /** Returns the JSON text of a status. */
    static String json(Status s) {
        try {
            return PRINTER.print(s);
        } catch (InvalidProtocolBufferException e) {
            // only a detail of an unregistered type can fail: keep code and message
            try {
                return PRINTER.print(s.toBuilder().clearDetails().build());
            } catch (InvalidProtocolBufferException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static HttpResponse response(int httpStatus, Status s, HttpHeaders extra) {
        RequestLogging.errorReason(s);
        ResponseHeadersBuilder headers = ResponseHeaders.builder(httpStatus)
                .contentType(MediaType.JSON_UTF_8)
                .add(extra);
        retryAfter(s).ifPresent(seconds -> headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds)));
        return HttpResponse.of(headers.build(), HttpData.ofUtf8(json(s)));
    }

    /** Returns the whole seconds (rounded up, at least 1) of a status's RetryInfo, if it has one. */
    private static Optional<Long> retryAfter(Status s) {
        for (Any d : s.getDetailsList()) {
            if (d.is(RetryInfo.class)) {
                try {
                    Duration delay = d.unpack(RetryInfo.class).getRetryDelay();
                    return Optional.of(Math.max(1, delay.getSeconds() + (delay.getNanos() > 0 ? 1 : 0)));
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Status grpc(Throwable e) {
        Status s = StatusProto.fromThrowable(e);
        if (s != null) {
            return s;
        }
        io.grpc.Status g = io.grpc.Status.fromThrowable(e);
        return Status.newBuilder()
                .setCode(g.getCode().value())
                .setMessage(g.getDescription() == null ? g.getCode().name() : g.getDescription())
                .build();
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException
                        || c instanceof ExecutionException
                        || c instanceof InvocationTargetException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
