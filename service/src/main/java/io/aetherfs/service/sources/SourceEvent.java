package io.aetherfs.service.sources;

import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.EventId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SourceId;
import java.time.Instant;
import java.util.Map;

/** One entry of a source's event stream (spec §6.11): gapless per source, written with its change. */
public record SourceEvent(
        EventId eventId,
        SourceId sourceId,
        long sequence,
        EventType type,
        Actor actor,
        Instant occurredAt,
        String path,
        Map<String, Object> details) {
    public SourceEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
