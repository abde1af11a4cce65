package io.aetherfs.service.tooling;

/** How a recorded tool call ended (spec §7 ToolCallStatus). */
public enum ToolCallStatus {
    SUCCEEDED,
    FAILED,
    CANCELLED
}
