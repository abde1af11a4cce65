package io.aetherfs.server.http;

import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.server.api.ErrorStatus;
import io.aetherfs.server.http.HttpStatusTable.Condition;

/**
 * A failure of the HTTP transport itself, or one met under an HTTP condition that has a status of its
 * own ({@link Condition}: 405 for a known path with another method, 412 for a failed If-Match /
 * If-None-Match, 416 for an unsatisfiable Range), plus the headers that status calls for. The body is
 * still the error's google.rpc.Status, and the status comes from {@link HttpStatusTable}.
 */
final class HttpFailure extends RuntimeException {
    private final Condition condition;
    private final Status status;
    private final transient HttpHeaders headers;

    private HttpFailure(Condition condition, Status status, HttpHeaders headers, Throwable cause) {
        super(status.getMessage(), cause, false, false);
        this.condition = condition;
        this.status = status;
        this.headers = headers;
    }

    /** Returns the failure of {@code error} under no HTTP condition (a path no route serves: 404). */
    static HttpFailure of(AfsException error) {
        return new HttpFailure(Condition.NONE, ErrorStatus.of(error), HttpHeaders.of(), error);
    }

    /** Returns the 405 of a path served only for the methods in {@code allow} (the {@code Allow} value). */
    static HttpFailure methodNotAllowed(AfsException error, String allow) {
        return new HttpFailure(
                Condition.METHOD_NOT_ALLOWED,
                ErrorStatus.of(error),
                HttpHeaders.of(HttpHeaderNames.ALLOW, allow),
                error);
    }

    /** Returns the 412 of a header's precondition that failed with {@code status} (its reason kept). */
    static HttpFailure preconditionFailed(Status status, Throwable cause) {
        return new HttpFailure(Condition.PRECONDITION_FAILED, status, HttpHeaders.of(), cause);
    }

    /** Returns the 416 of a range outside content of {@code size} bytes, with a {@code Content-Range} naming the size. */
    static HttpFailure rangeNotSatisfiable(AfsException error, long size) {
        return new HttpFailure(
                Condition.RANGE_NOT_SATISFIABLE,
                ErrorStatus.of(error),
                HttpHeaders.of(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size),
                error);
    }

    /** Returns the HTTP status to answer, from {@link HttpStatusTable}. */
    int httpStatus() {
        return HttpStatusTable.status(status.getCode(), condition);
    }

    /** Returns the google.rpc.Status sent as the body. */
    Status status() {
        return status;
    }

    /** Returns the headers the status calls for ({@code Allow}, {@code Content-Range}), or none. */
    HttpHeaders headers() {
        return headers;
    }
}
