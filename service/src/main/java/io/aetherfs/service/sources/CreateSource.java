package io.aetherfs.service.sources;

import java.util.Map;

/**
 * What a client asks for when creating a source: {@code originKind} is the kind whose origin member the
 * request set (null when it set none), which must match {@code kind}.
 */
public record CreateSource(
        String displayName, SourceKind kind, SourceKind originKind, Source.Origin origin, Map<String, String> labels) {}
