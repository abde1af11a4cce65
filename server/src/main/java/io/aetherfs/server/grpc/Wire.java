package io.aetherfs.server.grpc;

import com.google.protobuf.Empty;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.SessionAccess;

/**
 * The scalar fields every service shares: session ids (malformed ones name no session, so NOT_FOUND),
 * paths (INVALID_ARGUMENT when invalid), optional strings both ways and page requests.
 */
final class Wire {
    /** The answer of calls that return nothing. */
    static final Empty EMPTY = Empty.getDefaultInstance();

    private Wire() {}

    /** Returns the session named by {@code raw}; NOT_FOUND when it is malformed. */
    static SessionId session(String raw) {
        return SessionAccess.parseId(raw);
    }

    /** Returns the validated path ("" and "/" are the root). */
    static FsPath path(String raw) {
        return FsPath.parse(raw);
    }

    /** Returns {@code s}, or null when it is empty (proto3 cannot tell an absent string from an empty one). */
    static String optional(String s) {
        return s.isEmpty() ? null : s;
    }

    /** Returns {@code s}, or "" for null (proto3 strings cannot be null). */
    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Returns the page request of a list call. */
    static PageRequest page(int pageSize, String pageToken) {
        return new PageRequest(pageSize, pageToken);
    }
}
