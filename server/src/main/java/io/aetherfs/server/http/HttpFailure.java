package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpHeaders;
import io.aetherfs.core.error.AfsException;

/**
 * A failure answered with an HTTP status other than its code's usual one (405 for a known path with
 * another method, 412 for a failed If-Match / If-None-Match, 416 for an unsatisfiable Range), plus any
 * headers that status calls for. The body is still the error's google.rpc.Status.
 */
final class HttpFailure extends RuntimeException {
    private final int httpStatus;
    private final AfsException error;
    private final transient HttpHeaders headers;

    HttpFailure(int httpStatus, AfsException error, HttpHeaders headers) {
        super(error.getMessage(), error, false, false);
        this.httpStatus = httpStatus;
        this.error = error;
        this.headers = headers;
    }

    int httpStatus() {
        return httpStatus;
    }

    AfsException error() {
        return error;
    }

    HttpHeaders headers() {
        return headers;
    }
}
