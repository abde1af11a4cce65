package io.aetherfs.server.http;

import com.google.rpc.Status;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.ErrorCode;

/**
 * The server's answer to requests Armeria refuses before any route sees them (a request path or query
 * it considers unsafe, such as a {@code ..} segment or a NUL; a request line or headers over the
 * limits): the same {@code google.rpc.Status} JSON body as every other error (spec §4), with Armeria's
 * HTTP status and the code {@link HttpStatusTable} gives it. Service failures are left to the routes' own mapping ({@link HttpErrors}).
 */
public final class ProtocolErrors implements ServerErrorHandler {
    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        return null; // the default handler, after the routes' own mapping
    }

    @Override
    public AggregatedHttpResponse onProtocolViolation(
            ServiceConfig config, RequestHeaders headers, HttpStatus status, String description, Throwable cause) {
        ErrorCode code = HttpStatusTable.codeOfRefusal(status.code());
        Status body = Status.newBuilder()
                .setCode(code.grpcCode())
                .setMessage("malformed request: "
                        + (description == null || description.isBlank() ? status.reasonPhrase() : description))
                .build();
        return AggregatedHttpResponse.of(
                ResponseHeaders.of(status, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON_UTF_8),
                HttpData.ofUtf8(HttpErrors.json(body)));
    }
}
