package io.aetherfs.service.tooling;

import java.time.Instant;

/**
 * What a client reports about a finished tool call: {@code input} and {@code output} as JSON text (null
 * when absent), and {@code startedAt} (null: the server takes its clock minus {@code durationMs}).
 */
public record NewToolCall(
        String toolName, String input, String output, ToolCallStatus status, Instant startedAt, long durationMs) {}
