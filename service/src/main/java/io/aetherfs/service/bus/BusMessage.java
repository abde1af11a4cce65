package io.aetherfs.service.bus;

import io.aetherfs.core.model.SessionId;
import java.time.Instant;

/**
 * One message of a session's bus (spec §6.10): its per-session sequence (gapless, from 1), topic, opaque
 * payload, optional content type ("" when none), the publishing principal and the publish time.
 */
public record BusMessage(
        SessionId sessionId,
        long sequence,
        String topic,
        byte[] payload,
        String contentType,
        String publisher,
        Instant publishedAt) {}
