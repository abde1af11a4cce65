package io.aetherfs.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.proto.v1.ListToolCallsRequest;
import io.aetherfs.proto.v1.RecordToolCallRequest;
import io.aetherfs.service.tooling.NewToolCall;
import io.aetherfs.service.tooling.ToolCall;
import io.aetherfs.service.tooling.ToolCallQuery;
import io.aetherfs.service.tooling.ToolCallStatus;

/**
 * Maps tool calls (spec §6.14) and their requests; a {@code google.protobuf.Value} travels to the service
 * as JSON text and comes back from the stored canonical JSON.
 */
final class ToolingMapping {
    private static final String STATUS = "TOOL_CALL_STATUS_";
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ToolingMapping() {}

    static NewToolCall newCall(RecordToolCallRequest r) {
        return new NewToolCall(
                r.getToolName(),
                json(r.hasInput() ? r.getInput() : null, "input"),
                json(r.hasOutput() ? r.getOutput() : null, "output"),
                EnumMapping.toCore(r.getStatus(), STATUS, ToolCallStatus.class, "status"),
                r.hasStartedAt() ? ProtoTimes.instant("started_at", r.getStartedAt()) : null,
                r.getDurationMs());
    }

    static ToolCallQuery query(ListToolCallsRequest r) {
        return new ToolCallQuery(
                Wire.optional(r.getToolName()),
                EnumMapping.toCoreOrNull(
                        r.getStatus(),
                        STATUS,
                        ToolCallStatus.class,
                        "status",
                        io.aetherfs.core.error.ErrorCode.INVALID_ARGUMENT),
                r.hasStartTime() ? ProtoTimes.instant("start_time", r.getStartTime()) : null,
                r.hasEndTime() ? ProtoTimes.instant("end_time", r.getEndTime()) : null);
    }

    static io.aetherfs.proto.v1.ToolCall toolCall(ToolCall c) {
        var b = io.aetherfs.proto.v1.ToolCall.newBuilder()
                .setToolCallId(c.id().value())
                .setSessionId(c.sessionId().value())
                .setToolName(c.toolName())
                .setStatus(EnumMapping.toProto(c.status(), STATUS, io.aetherfs.proto.v1.ToolCallStatus.class))
                .setStartedAt(ProtoTimes.of(c.startedAt()))
                .setDurationMs(c.durationMs())
                .setRecordedBy(c.recordedBy())
                .setRecordedAt(ProtoTimes.of(c.recordedAt()))
                .setInputSha256(Wire.orEmpty(c.inputSha256()))
                .setOutputSha256(Wire.orEmpty(c.outputSha256()));
        if (c.input() != null) {
            b.setInput(value(c.input()));
        }
        if (c.output() != null) {
            b.setOutput(value(c.output()));
        }
        return b.build();
    }

    /** Returns the JSON text of a value, or null when it is absent or holds no kind. */
    private static String json(Value v, String field) {
        if (v == null || v.getKindCase() == Value.KindCase.KIND_NOT_SET) {
            return null;
        }
        try {
            return PRINTER.print(v);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            // NaN and infinite numbers, or invalid UTF-8, have no JSON form
            throw AfsException.invalid(field + " is not a valid JSON value: " + e.getMessage());
        }
    }

    private static Value value(String json) {
        Value.Builder b = Value.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw AfsException.internal("a stored tool-call value is not JSON", e);
        }
        return b.build();
    }
}
