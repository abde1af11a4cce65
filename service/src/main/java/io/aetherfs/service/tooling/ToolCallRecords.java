package io.aetherfs.service.tooling;

import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.ToolCallId;

/** The stored kind of tool calls: one JSON record per call under its session, deleted with it. */
final class ToolCallRecords {
    private ToolCallRecords() {}

    /**
     * Tool calls by id ({@code r/{session}/tool-call/{toolCallId}}); ids begin with the call's start time,
     * so the log lists in {@code startedAt} order. Tool calls are not events (spec §7): writes record none.
     */
    static final RecordType<ToolCallId, ToolCall> CALLS = RecordType.<ToolCallId, ToolCall>builder(
                    "tool call", RecordLayout.perSession("tool-call"))
            .idPart(ToolCallId::value)
            .idOf(ToolCall::id)
            .json(ToolCall.class)
            .events(RecordEvent.Rule.none())
            .build();
}
