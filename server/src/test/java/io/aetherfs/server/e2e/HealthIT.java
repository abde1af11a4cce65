package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.GetHealthRequest;
import io.aetherfs.proto.v1.HealthServiceGrpc;
import io.aetherfs.proto.v1.HealthStatus;
import io.aetherfs.proto.v1.ReportTestResultsRequest;
import io.aetherfs.proto.v1.SessionHealth;
import io.aetherfs.proto.v1.TestResultsFormat;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HealthService over real sockets, HTTP and gRPC: reports, JUnit XML test results and their refusals. */
class HealthIT {
    private static final String TENANT = "4ea17400-0000-4000-8000-000000000001";
    private static final String JUNIT = "<testsuites><testsuite name=\"s\">"
            + "<testcase classname=\"a.B\" name=\"ok\"/>"
            + "<testcase classname=\"a.B\" name=\"broken\"><failure/></testcase>"
            + "</testsuite></testsuites>";

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void http_reportsAndTestResults() {
        try (InProcessServer server = InProcessServer.start(dir, Map.of())) {
            ApiClient api = server.client(TENANT, "ci");
            String s = api.newSession("health");
            String base = "/v1/sessions/" + s + "/health";

            // STATUS_UNKNOWN is the enum's zero, which proto3 JSON leaves out (spec §2, defaults in JSON)
            assertThat(ApiClient.ok(api.get(base)).json().has("status")).isFalse();
            JsonNode reported = ApiClient.ok(api.post(
                            base + "/report",
                            "{\"status\":\"STATUS_PASSING\",\"summary\":\"ok\",\"details\":{\"run\":7}}"))
                    .json();
            assertThat(reported.path("details").path("run").asInt()).isEqualTo(7);
            JsonNode junit = ApiClient.ok(api.post(
                            base + ":testResults", "{\"format\":\"JUNIT_XML\",\"data\":\"" + b64(JUNIT) + "\"}"))
                    .json();
            assertThat(junit.path("status").asText()).isEqualTo("STATUS_FAILING");
            assertThat(junit.path("testCounts").path("total").asText()).isEqualTo("2");
            assertThat(junit.path("testCounts").path("failed").asText()).isEqualTo("1");
            assertThat(junit.path("details").path("failingTests").get(0).asText())
                    .isEqualTo("a.B.broken");
            assertThat(ApiClient.ok(api.get(base)).json().path("reportedBy").asText())
                    .isEqualTo("ci");

            ApiClient.Reply bad = api.post(
                    base + ":testResults", "{\"format\":\"JUNIT_XML\",\"data\":\"" + b64("<testsuite>\n<oops") + "\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("message").asText()).contains("line 2");
            assertThat(api.post(base + ":testResults", "{\"data\":\"" + b64(JUNIT) + "\"}")
                            .status())
                    .isEqualTo(400);
            List<String> types =
                    api.events(s).stream().map(e -> e.path("type").asText()).toList();
            assertThat(types.stream().filter("EVENT_TYPE_HEALTH_REPORTED"::equals))
                    .hasSize(2);
        }
    }

    @Test
    void grpc_testResults_binarySafe_andUnparsableIsInvalidArgument() {
        try (InProcessServer server = InProcessServer.start(dir, Map.of())) {
            String s = server.client(TENANT, "ci").newSession("health");
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .usePlaintext()
                    .build();
            try {
                Metadata h = new Metadata();
                h.put(
                        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                        server.authorization(TENANT, "ci"));
                var stub = HealthServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h))
                        .withDeadlineAfter(30, TimeUnit.SECONDS);
                SessionHealth text = stub.reportTestResults(ReportTestResultsRequest.newBuilder()
                        .setSessionId(s)
                        .setFormat(TestResultsFormat.TEST_RESULTS_FORMAT_TEXT)
                        .setData(ByteString.copyFrom(new byte[] {0, (byte) 0xff, (byte) 0xfe, 10}))
                        .setStatus(HealthStatus.STATUS_PASSING)
                        .build());
                assertThat(text.getStatus()).isEqualTo(HealthStatus.STATUS_PASSING);
                assertThatThrownBy(() -> stub.reportTestResults(ReportTestResultsRequest.newBuilder()
                                .setSessionId(s)
                                .setFormat(TestResultsFormat.TEST_RESULTS_FORMAT_JUNIT_XML)
                                .setData(
                                        ByteString.copyFromUtf8(
                                                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><testsuite name=\"&e;\"/>"))
                                .build()))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
                SessionHealth junit = stub.reportTestResults(ReportTestResultsRequest.newBuilder()
                        .setSessionId(s)
                        .setFormat(TestResultsFormat.TEST_RESULTS_FORMAT_JUNIT_XML)
                        .setData(ByteString.copyFromUtf8(JUNIT.replace("<failure/>", "")))
                        .build());
                assertThat(junit.getStatus()).isEqualTo(HealthStatus.STATUS_PASSING);
                assertThat(stub.getHealth(GetHealthRequest.newBuilder()
                                        .setSessionId(s)
                                        .build())
                                .getTestCounts()
                                .getPassed())
                        .isEqualTo(2);
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
