package io.aetherfs.service.session;

import io.aetherfs.core.model.Visibility;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PATCH of a session: {@code fields} names the fields present in the request (others are left
 * alone); present maps and lists replace the old ones.
 */
public record SessionUpdate(
        Set<String> fields,
        Map<String, String> tags,
        Map<String, String> labels,
        String displayName,
        String description,
        Visibility visibility,
        List<String> sharedWith,
        Long ttlSeconds,
        CapabilitiesPatch capabilities) {
    public static final Set<String> KNOWN = Set.of(
            "tags", "labels", "displayName", "description", "visibility", "sharedWith", "ttlSeconds", "capabilities");

    public boolean has(String field) {
        return fields.contains(field);
    }
}
