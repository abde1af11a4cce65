package io.aetherfs.service.usage;

import io.aetherfs.core.model.SessionId;
import java.time.Instant;

/** What usage keeps of a deleted session: when it existed. */
public record EndedSession(SessionId sessionId, Instant createdAt, Instant endedAt) {}
