package io.aetherfs.store.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Records every HTTP request a client sends (retries included), as "METHOD kind" lines for assertions. */
final class RequestLog implements ExecutionInterceptor {
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        requests.add(describe(context.httpRequest()));
    }

    /** Returns the requests sent so far, e.g. "HEAD object", "PUT upload", "PUT copy", "POST create-multipart". */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }

    private static String describe(SdkHttpRequest r) {
        String method = r.method().name();
        if (r.firstMatchingHeader("x-amz-copy-source").isPresent()) {
            return method + " copy";
        }
        if (r.rawQueryParameters().containsKey("uploads")) {
            return method + " create-multipart";
        }
        if (r.rawQueryParameters().containsKey("partNumber")) {
            return method + " part";
        }
        if (r.rawQueryParameters().containsKey("uploadId")) {
            return method + " complete-or-abort-multipart";
        }
        if (r.rawQueryParameters().containsKey("list-type")) {
            return method + " list";
        }
        return method + ("PUT".equals(method) ? " upload" : " object");
    }
}
