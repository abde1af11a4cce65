package io.aetherfs.service.tooling;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.ToolCallId;
import java.time.Instant;

/**
 * One entry of a session's tool-call audit log (spec §6.14): what ran, with which input and output,
 * how it ended, when, and who recorded it. {@code input} and {@code output} are canonical JSON text
 * ({@link JsonValues}) or null when the call had none; the digests are the lowercase hex SHA-256 of
 * that text's UTF-8 bytes. Entries are never changed once recorded.
 */
public record ToolCall(
        ToolCallId id,
        SessionId sessionId,
        String toolName,
        String input,
        String output,
        String inputSha256,
        String outputSha256,
        ToolCallStatus status,
        Instant startedAt,
        long durationMs,
        String recordedBy,
        Instant recordedAt) {}
