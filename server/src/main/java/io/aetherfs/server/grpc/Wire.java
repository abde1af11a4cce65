package io.aetherfs.server.grpc;

import com.google.protobuf.Empty;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.SessionAccess;

/**
 * The scalar fields every service shares: session ids (malformed ones name no session, so NOT_FOUND),
 * required ids, paths (INVALID_ARGUMENT when invalid), optional strings both ways and page requests.
 *
 * <p>Ids of the resources a request names besides the session it addresses ({@code checkpointId},
 * {@code commitId}, {@code childSessionId}, {@code sourceSessionId}, {@code sourceRef.sourceId}) are
 * required: an empty one (which over HTTP is a field the body left out) is INVALID_ARGUMENT naming the
 * field, never NOT_FOUND. The addressed session's own id is a path variable over HTTP, which cannot be
 * empty; over gRPC an empty one names no session and stays NOT_FOUND, like any malformed session id.
 */
final class Wire {
    /** The answer of calls that return nothing. */
    static final Empty EMPTY = Empty.getDefaultInstance();

    private Wire() {}

    /** Returns the session named by {@code raw}; NOT_FOUND when it is malformed. */
    static SessionId session(String raw) {
        return SessionAccess.parseId(raw);
    }

    /** Returns {@code raw}, the value of the required id field {@code field}; INVALID_ARGUMENT when it is empty. */
    static String required(String raw, String field) {
        if (raw.isEmpty()) {
            throw AfsException.invalid(field + " is required");
        }
        return raw;
    }

    /** Returns the session named by the required id field {@code field}; INVALID_ARGUMENT when empty. */
    static SessionId requiredSession(String raw, String field) {
        return session(required(raw, field));
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

    /**
     * Returns the collaboration lock token a mutation carries: its {@code lock_token} field, else the
     * {@code x-aetherfs-lock-token} metadata (an HTTP header, which JSON routes have already copied into
     * the field); null when it carries none.
     */
    static LockToken lockToken(String field) {
        if (!field.isEmpty()) {
            return LockToken.of(field);
        }
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        return ctx == null ? null : LockToken.of(ctx.request().headers().get(LOCK_TOKEN_HEADER));
    }

    /** The header (gRPC metadata) that may carry a lock token instead of the request's field. */
    static final String LOCK_TOKEN_HEADER = "x-aetherfs-lock-token";

    /** Returns the page request of a list call. */
    static PageRequest page(int pageSize, String pageToken) {
        return new PageRequest(pageSize, pageToken);
    }
}
