package io.aetherfs.service.session;

import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionStatus;
import java.util.Map;
import java.util.Set;

/** The filters of ListSessions; every given filter must match (AND). */
public record SessionFilter(
        Set<SessionStatus> statuses,
        Map<String, String> tags,
        Map<String, String> labels,
        String sourceId,
        String parentSessionId,
        String owner) {
    public SessionFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Returns whether {@code s} passes every filter. */
    public boolean matches(Session s) {
        return (statuses.isEmpty() || statuses.contains(s.status()))
                && contains(s.settings().tags(), tags)
                && contains(s.settings().labels(), labels)
                && (sourceId == null
                        || (s.origin().sourceRef() != null
                                && sourceId.equals(s.origin().sourceRef().sourceId())))
                && (parentSessionId == null
                        || (s.origin().parentSessionId() != null
                                && parentSessionId.equals(
                                        s.origin().parentSessionId().value())))
                && (owner == null || owner.equals(s.settings().owner()));
    }

    private static boolean contains(Map<String, String> have, Map<String, String> want) {
        return want.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    }

    /** Returns a canonical text of the filters, to bind page tokens to them. */
    public String canonical() {
        return new java.util.TreeSet<>(statuses.stream().map(Enum::name).toList()) + "|" + new java.util.TreeMap<>(tags)
                + "|" + new java.util.TreeMap<>(labels) + "|" + sourceId + "|" + parentSessionId + "|" + owner;
    }
}
