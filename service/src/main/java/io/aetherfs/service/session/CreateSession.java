package io.aetherfs.service.session;

import io.aetherfs.core.model.SourceRef;
import io.aetherfs.core.model.Visibility;
import java.util.List;
import java.util.Map;

/** What a client asks for when creating a session; null fields take their defaults. */
public record CreateSession(
        SourceRef sourceRef,
        Map<String, String> tags,
        Map<String, String> labels,
        String displayName,
        String description,
        CapabilitiesPatch capabilities,
        Visibility visibility,
        List<String> sharedWith,
        String owner,
        Long ttlSeconds) {}
