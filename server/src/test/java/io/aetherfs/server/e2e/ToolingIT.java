package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ScopedServer.assertGrpcError;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.aetherfs.core.model.Hash;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.GetToolCallRequest;
import io.aetherfs.proto.v1.ListToolCallsRequest;
import io.aetherfs.proto.v1.RecordToolCallRequest;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.proto.v1.ToolCall;
import io.aetherfs.proto.v1.ToolCallStatus;
import io.aetherfs.proto.v1.ToolingServiceGrpc;
import io.aetherfs.service.auth.Scope;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ToolingService over real HTTP and gRPC sockets: record, list with filters and pages, get, and the errors. */
class ToolingIT {
    @TempDir
    static Path dir;

    private static ScopedServer server;
    private final String tenant = UUID.randomUUID().toString();

    @BeforeAll
    static void start() {
        server = ScopedServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void http_recordListGet_andErrors() {
        ApiClient alice = server.http(tenant, "alice", ScopedServer.USER);
        String id = alice.newSession("tools");
        String s = "/v1/sessions/" + id + "/toolCalls";

        JsonNode c = ApiClient.ok(
                        alice.post(
                                s,
                                "{\"toolName\":\"grep\",\"input\":{\"q\":\"x\",\"a\":1},\"output\":[\"hit\"],"
                                        + "\"status\":\"SUCCEEDED\",\"startedAt\":\"2026-12-01T10:00:00Z\",\"durationMs\":\"42\"}"))
                .json();
        assertThat(c.path("toolCallId").asText()).startsWith("tc_");
        assertThat(c.path("sessionId").asText()).isEqualTo(id);
        assertThat(c.path("status").asText()).isEqualTo("TOOL_CALL_STATUS_SUCCEEDED");
        assertThat(c.path("input").toString()).isEqualTo("{\"a\":1.0,\"q\":\"x\"}");
        assertThat(c.path("inputSha256").asText())
                .isEqualTo(Hash.of("{\"a\":1.0,\"q\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                        .hex());
        assertThat(c.path("durationMs").asText()).isEqualTo("42");
        assertThat(c.path("recordedBy").asText()).isEqualTo("alice");
        assertThat(c.path("startedAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        ApiClient.ok(
                alice.post(s, "{\"toolName\":\"sed\",\"status\":\"FAILED\",\"startedAt\":\"2026-12-01T09:00:00Z\"}"));
        ApiClient.ok(
                alice.post(s, "{\"toolName\":\"grep\",\"status\":\"FAILED\",\"startedAt\":\"2026-12-01T11:00:00Z\"}"));

        List<String> names = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = ApiClient.ok(alice.get(s + "?pageSize=2&pageToken=" + token))
                    .json();
            page.path("toolCalls").forEach(t -> names.add(t.path("toolName").asText()));
            token = page.path("nextPageToken").asText();
        } while (!token.isEmpty());
        assertThat(names).containsExactly("sed", "grep", "grep"); // by startedAt
        JsonNode filtered =
                ApiClient.ok(alice.get(s + "?toolName=grep&status=FAILED")).json();
        assertThat(filtered.path("toolCalls")).hasSize(1);
        JsonNode window = ApiClient.ok(alice.get(s + "?startTime=2026-12-01T09:30:00Z&endTime=2026-12-01T11:00:00Z"))
                .json();
        assertThat(window.path("toolCalls")).hasSize(1);
        assertThat(window.path("toolCalls").get(0).path("toolCallId").asText())
                .isEqualTo(c.path("toolCallId").asText());

        assertThat(ApiClient.ok(alice.get(s + "/" + c.path("toolCallId").asText()))
                        .json())
                .isEqualTo(c);

        assertError(alice.post(s, "{\"toolName\":\"grep\"}"), 400, 3, null);
        assertError(alice.post(s, "{\"toolName\":\"grep\",\"status\":\"SUCCEEDED\",\"durationMs\":-1}"), 400, 3, null);
        assertError(
                alice.post(
                        s,
                        "{\"toolName\":\"grep\",\"status\":\"SUCCEEDED\",\"output\":\"" + "x".repeat(300_000) + "\"}"),
                429,
                8,
                "PAYLOAD_TOO_LARGE");
        assertError(alice.get(s + "/tc_01hzzzzzzzzzzzzzzzzzzzzzzz"), 404, 5, null);
        assertError(alice.get(s + "/nonsense"), 404, 5, null);
        assertError(alice.get(s + "?startTime=2026-12-01T11:00:00Z&endTime=2026-12-01T10:00:00Z"), 400, 3, null);

        ApiClient mallory = server.http(UUID.randomUUID().toString(), "mallory", ScopedServer.USER);
        assertError(mallory.get(s), 404, 5, null);
        assertError(mallory.get(s + "/" + c.path("toolCallId").asText()), 404, 5, null);
        ApiClient reader = server.http(tenant, "reader", EnumSet.of(Scope.SESSION_READ));
        assertThat(reader.get(s).status()).isEqualTo(200);
        assertError(reader.post(s, "{\"toolName\":\"grep\",\"status\":\"SUCCEEDED\"}"), 403, 7, null);
        ApiClient outsider = server.http(tenant, "fs", EnumSet.of(Scope.FILESYSTEM_READ));
        assertError(outsider.get(s), 403, 7, null);
    }

    @Test
    void grpc_recordListGet_andErrors() {
        var sessions = server.grpc(SessionServiceGrpc::newBlockingStub, tenant, "alice", ScopedServer.USER);
        var tools = server.grpc(ToolingServiceGrpc::newBlockingStub, tenant, "alice", ScopedServer.USER);
        String id = sessions.createSession(CreateSessionRequest.getDefaultInstance())
                .getId();
        Value input = Value.newBuilder()
                .setStructValue(Struct.newBuilder()
                        .putFields("z", Value.newBuilder().setBoolValue(true).build())
                        .putFields("a", Value.newBuilder().setStringValue("b").build()))
                .build();

        ToolCall c = tools.recordToolCall(RecordToolCallRequest.newBuilder()
                .setSessionId(id)
                .setToolName("read_file")
                .setInput(input)
                .setStatus(ToolCallStatus.TOOL_CALL_STATUS_CANCELLED)
                .setDurationMs(7)
                .build());
        assertThat(c.getInput()).isEqualTo(input);
        assertThat(c.getInputSha256())
                .isEqualTo(Hash.of("{\"a\":\"b\",\"z\":true}".getBytes(StandardCharsets.UTF_8))
                        .hex());
        assertThat(c.hasOutput()).isFalse();
        assertThat(c.getOutputSha256()).isEmpty();
        assertThat(tools.getToolCall(GetToolCallRequest.newBuilder()
                        .setSessionId(id)
                        .setToolCallId(c.getToolCallId())
                        .build()))
                .isEqualTo(c);
        for (int i = 0; i < 4; i++) {
            tools.recordToolCall(RecordToolCallRequest.newBuilder()
                    .setSessionId(id)
                    .setToolName("t" + i)
                    .setStatus(ToolCallStatus.TOOL_CALL_STATUS_SUCCEEDED)
                    .build());
        }
        var page = tools.listToolCalls(ListToolCallsRequest.newBuilder()
                .setSessionId(id)
                .setPageSize(3)
                .build());
        assertThat(page.getToolCallsList()).hasSize(3);
        var rest = tools.listToolCalls(ListToolCallsRequest.newBuilder()
                .setSessionId(id)
                .setPageSize(3)
                .setPageToken(page.getNextPageToken())
                .build());
        assertThat(rest.getToolCallsList()).hasSize(2);
        assertThat(rest.getNextPageToken()).isEmpty();
        assertThat(tools.listToolCalls(ListToolCallsRequest.newBuilder()
                                .setSessionId(id)
                                .setStatus(ToolCallStatus.TOOL_CALL_STATUS_CANCELLED)
                                .build())
                        .getToolCallsList())
                .containsExactly(c);

        assertGrpcError(
                () -> tools.recordToolCall(RecordToolCallRequest.newBuilder()
                        .setSessionId(id)
                        .setToolName("x")
                        .build()),
                Status.Code.INVALID_ARGUMENT,
                null);
        assertGrpcError(
                () -> tools.recordToolCall(RecordToolCallRequest.newBuilder()
                        .setSessionId(id)
                        .setToolName("x")
                        .setStatus(ToolCallStatus.TOOL_CALL_STATUS_SUCCEEDED)
                        .setInput(Value.newBuilder().setStringValue("x".repeat(270_000)))
                        .build()),
                Status.Code.RESOURCE_EXHAUSTED,
                "PAYLOAD_TOO_LARGE");
        assertGrpcError(
                () -> tools.getToolCall(
                        GetToolCallRequest.newBuilder().setSessionId(id).build()),
                Status.Code.INVALID_ARGUMENT,
                null);
        var mallory = server.grpc(
                ToolingServiceGrpc::newBlockingStub, UUID.randomUUID().toString(), "mallory", ScopedServer.USER);
        assertGrpcError(
                () -> mallory.getToolCall(GetToolCallRequest.newBuilder()
                        .setSessionId(id)
                        .setToolCallId(c.getToolCallId())
                        .build()),
                Status.Code.NOT_FOUND,
                null);
        var reader = server.grpc(ToolingServiceGrpc::newBlockingStub, tenant, "reader", EnumSet.of(Scope.SESSION_READ));
        assertGrpcError(
                () -> reader.recordToolCall(RecordToolCallRequest.newBuilder()
                        .setSessionId(id)
                        .setToolName("x")
                        .setStatus(ToolCallStatus.TOOL_CALL_STATUS_SUCCEEDED)
                        .build()),
                Status.Code.PERMISSION_DENIED,
                null);
    }
}
