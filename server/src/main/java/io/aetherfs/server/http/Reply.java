package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.nio.charset.StandardCharsets;

/** A complete, buffered response of a JSON route: what is sent, and what an idempotency record replays. */
record Reply(int status, String contentType, byte[] body) {
    static final String JSON = MediaType.JSON_UTF_8.toString();

    static Reply json(String text) {
        return new Reply(200, JSON, text.getBytes(StandardCharsets.UTF_8));
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    HttpResponse toResponse() {
        return HttpResponse.of(
                ResponseHeaders.builder(status)
                        .contentType(MediaType.parse(contentType))
                        .build(),
                HttpData.wrap(body));
    }
}
