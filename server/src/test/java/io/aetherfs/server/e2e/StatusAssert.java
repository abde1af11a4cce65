package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * Assertions on error answers (spec §4): the HTTP status, a {@code google.rpc.Status} JSON body with the
 * gRPC code and a non-empty message, and where named the {@code ErrorInfo} reason in {@code details};
 * and on answers in general: never a 5xx, never a Java stack trace.
 */
final class StatusAssert {
    private StatusAssert() {}

    /**
     * Asserts {@code r} is the error {@code http}/{@code code} with {@code reason} (null: any or none),
     * and returns the ErrorInfo's metadata (a missing node when there is no ErrorInfo).
     */
    static JsonNode assertError(ApiClient.Reply r, int http, int code, String reason) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(http);
        assertThat(r.header("content-type")).as("content type of %s", r).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("code").asInt(-1)).as("code of %s", r).isEqualTo(code);
        assertThat(body.path("message").asText()).as("message of %s", r).isNotBlank();
        JsonNode info = errorInfo(body);
        if (reason != null) {
            assertThat(info.isMissingNode()).as("ErrorInfo in %s", r).isFalse();
            assertThat(info.path("reason").asText()).as("reason of %s", r).isEqualTo(reason);
            assertThat(info.path("domain").asText()).as("domain of %s", r).isEqualTo("aetherfs.io");
        }
        return info.path("metadata");
    }

    /** Returns the first ErrorInfo detail of a status body, or a missing node. */
    static JsonNode errorInfo(JsonNode status) {
        for (JsonNode d : status.path("details")) {
            if (d.path("@type").asText().equals("type.googleapis.com/google.rpc.ErrorInfo")) {
                return d;
            }
        }
        return MissingNode.getInstance();
    }

    /** Asserts that no reply is a server fault (5xx) or shows a Java stack trace or exception name. */
    static void assertNoServerFaults(List<ApiClient.Reply> replies) {
        for (ApiClient.Reply r : replies) {
            assertThat(r.status()).as("no 5xx: %s", r).isLessThan(500);
            String type = r.header("content-type");
            if (type != null && !type.startsWith("application/json") && !type.startsWith("text/")) {
                continue; // file or archive content, written by the test itself
            }
            assertThat(r.text()).as("no stack trace: %s", r).doesNotContain("at io.", "\tat ", "Exception");
        }
    }
}
