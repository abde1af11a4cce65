package io.aetherfs.service.sources;

import java.util.Map;

/** The filters of ListSources; every given filter must match (AND). */
public record SourceFilter(SourceKind kind, SourceStatus status, Map<String, String> labels) {
    public SourceFilter {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    boolean matches(Source s) {
        return (kind == null || kind == s.kind())
                && (status == null || status == s.status())
                && labels.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(s.labels().get(e.getKey())));
    }

    /** Returns a canonical text of the filters, to bind page tokens to them. */
    String canonical() {
        return kind + "|" + status + "|" + new java.util.TreeMap<>(labels);
    }
}
