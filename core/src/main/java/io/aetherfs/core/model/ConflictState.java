package io.aetherfs.core.model;

import java.time.Instant;
import java.util.List;

/** Why a session is in CONFLICT: the merge source and the conflicting paths (at most 1000 listed). */
public record ConflictState(SessionId sourceSessionId, List<String> paths, long conflictCount, Instant detectedAt) {
    public ConflictState {
        paths = List.copyOf(paths);
    }
}
