package io.aetherfs.server.grpc;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.SourceRef;
import io.aetherfs.core.model.Visibility;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.SessionCapabilities;
import io.aetherfs.proto.v1.SessionVisibility;
import io.aetherfs.proto.v1.UpdateSessionRequest;
import io.aetherfs.service.session.CapabilitiesPatch;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.service.session.SessionFilter;
import io.aetherfs.service.session.SessionUpdate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns session requests into the service layer's commands: create, PATCH (by update mask) and list filters. */
final class SessionRequests {
    private SessionRequests() {}

    /** Returns the create command; empty strings and lists mean "not given". */
    static CreateSession create(CreateSessionRequest r) {
        SourceRef source = r.hasSourceRef()
                ? new SourceRef(
                        Wire.required(r.getSourceRef().getSourceId(), "sourceRef.sourceId"),
                        Wire.optional(r.getSourceRef().getRevisionId()))
                : null;
        return new CreateSession(
                source,
                r.getInitialTagsMap(),
                r.getLabelsMap(),
                Wire.optional(r.getDisplayName()),
                Wire.optional(r.getDescription()),
                r.hasCapabilities() ? capabilities(r.getCapabilities()) : null,
                visibilityOrNull(r.getVisibility()),
                r.getSharedWithList(),
                Wire.optional(r.getOwner()),
                r.hasTtlSeconds() ? r.getTtlSeconds() : null);
    }

    /**
     * Returns the PATCH named by {@code update_mask} (paths in snake_case or lowerCamelCase). A request that
     * sets fields without a mask is INVALID_ARGUMENT, so no intent is silently dropped.
     */
    static SessionUpdate update(UpdateSessionRequest r) {
        Set<String> fields = new LinkedHashSet<>();
        for (String path : r.getUpdateMask().getPathsList()) {
            String field = camel(path);
            if (!SessionUpdate.KNOWN.contains(field)) {
                throw AfsException.invalid("update_mask names an unknown or read-only field \"" + path
                        + "\"; updatable: " + new java.util.TreeSet<>(SessionUpdate.KNOWN));
            }
            fields.add(field);
        }
        if (fields.isEmpty() && setsAnything(r)) {
            throw AfsException.invalid(
                    "set update_mask to the fields to change (e.g. \"tags\", \"display_name\"); it is empty");
        }
        if (fields.contains("visibility") && r.getVisibility() == SessionVisibility.SESSION_VISIBILITY_UNSPECIFIED) {
            throw AfsException.invalid("visibility is in update_mask but not set");
        }
        return new SessionUpdate(
                fields,
                r.getTagsMap(),
                r.getLabelsMap(),
                Wire.optional(r.getDisplayName()),
                Wire.optional(r.getDescription()),
                visibilityOrNull(r.getVisibility()),
                r.getSharedWithList(),
                r.getTtlSeconds() == 0 ? null : r.getTtlSeconds(),
                r.hasCapabilities() ? capabilities(r.getCapabilities()) : null);
    }

    /** Returns the list filters; tags and labels are written {@code key:value}. */
    static SessionFilter filter(ListSessionsRequest r) {
        Set<SessionStatus> statuses = EnumSet.noneOf(SessionStatus.class);
        for (io.aetherfs.proto.v1.SessionStatus s : r.getStatusList()) {
            statuses.add(EnumMapping.toCore(s, "SESSION_STATUS_", SessionStatus.class, "status"));
        }
        return new SessionFilter(
                statuses,
                pairs("tag", r.getTagList()),
                pairs("label", r.getLabelList()),
                Wire.optional(r.getSourceId()),
                Wire.optional(r.getParentSessionId()),
                Wire.optional(r.getOwner()));
    }

    private static boolean setsAnything(UpdateSessionRequest r) {
        return r.getTagsCount() > 0
                || r.getLabelsCount() > 0
                || !r.getDisplayName().isEmpty()
                || !r.getDescription().isEmpty()
                || r.getVisibilityValue() != 0
                || r.getSharedWithCount() > 0
                || r.getTtlSeconds() != 0
                || r.hasCapabilities();
    }

    private static CapabilitiesPatch capabilities(SessionCapabilities c) {
        return new CapabilitiesPatch(
                c.hasCommit() ? c.getCommit() : null,
                c.hasApprovals() ? c.getApprovals() : null,
                c.hasAnnotations() ? c.getAnnotations() : null);
    }

    private static Visibility visibilityOrNull(SessionVisibility v) {
        return EnumMapping.toCoreOrNull(
                v, "SESSION_VISIBILITY_", Visibility.class, "visibility", ErrorCode.INVALID_ARGUMENT);
    }

    static Map<String, String> pairs(String field, List<String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : raw) {
            int colon = kv.indexOf(':');
            if (colon <= 0) {
                throw AfsException.invalid(field + " filters are written key:value, got \"" + kv + "\"");
            }
            out.put(kv.substring(0, colon), kv.substring(colon + 1));
        }
        return out;
    }

    /** Returns the lowerCamelCase form of a snake_case (or already camelCase) field path. */
    static String camel(String path) {
        List<String> parts = new ArrayList<>(List.of(path.split("_", -1)));
        StringBuilder b = new StringBuilder(parts.removeFirst());
        for (String p : parts) {
            if (!p.isEmpty()) {
                b.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1));
            }
        }
        return b.toString();
    }
}
