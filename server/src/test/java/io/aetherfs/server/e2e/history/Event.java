package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;

/**
 * One event of a session's durable log (spec §6.11) as {@code GET …/events} returned it: its
 * sequence, type (without the {@code EVENT_TYPE_} prefix), the acting principal, when it occurred on
 * the server's clock, its path and details.
 */
public record Event(
        String session, long seq, String type, String principal, Instant at, String path, JsonNode details) {
    public Event {
        path = path == null ? "" : path;
        details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    }

    /** Returns a detail as text ("" when absent). */
    public String detail(String name) {
        return details.path(name).asText("");
    }

    /** Returns a one-line description for reports. */
    public String describe() {
        StringBuilder sb = new StringBuilder()
                .append(session)
                .append('#')
                .append(seq)
                .append(' ')
                .append(type)
                .append(" by ")
                .append(principal);
        if (!path.isEmpty()) {
            sb.append(" path=").append(path);
        }
        if (!details.isEmpty()) {
            sb.append(' ').append(details);
        }
        return sb.append(" at ").append(at).toString();
    }
}
