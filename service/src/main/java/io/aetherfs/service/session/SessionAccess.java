package io.aetherfs.service.session;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.Visibility;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.util.EnumSet;
import java.util.Set;

/**
 * The checks that come before every session operation, in the spec's order after scopes: the session
 * must exist in the caller's tenant and be visible to the caller (else NOT_FOUND), then be in a
 * status that allows the operation (else FAILED_PRECONDITION SESSION_NOT_ACTIVE).
 */
public final class SessionAccess {
    public static final Set<SessionStatus> ACTIVE_ONLY = EnumSet.of(SessionStatus.ACTIVE);
    public static final Set<SessionStatus> TREE_READABLE = EnumSet.of(
            SessionStatus.ACTIVE,
            SessionStatus.PENDING_REVIEW,
            SessionStatus.PENDING_APPROVAL,
            SessionStatus.CONFLICT,
            SessionStatus.ARCHIVING);
    public static final Set<SessionStatus> METADATA_WRITABLE = EnumSet.of(
            SessionStatus.ACTIVE, SessionStatus.PENDING_REVIEW, SessionStatus.PENDING_APPROVAL, SessionStatus.CONFLICT);
    public static final Set<SessionStatus> MERGE_TARGET = EnumSet.of(SessionStatus.ACTIVE, SessionStatus.CONFLICT);

    private final Engine engine;

    public SessionAccess(Engine engine) {
        this.engine = engine;
    }

    /** Returns the session id in {@code raw}; malformed ids name no session, so they are NOT_FOUND. */
    public static SessionId parseId(String raw) {
        if (!SessionId.isValid(raw)) {
            throw AfsException.notFound("session " + printable(raw) + " not found");
        }
        return new SessionId(raw);
    }

    /** Returns the committed state of a session the caller may see. */
    public SessionState load(Caller caller, SessionId id) {
        SessionState s = engine.find(caller.tenant(), id).orElseThrow(() -> notFound(id));
        checkVisible(caller, s.session());
        return s;
    }

    /** Returns the committed state of a session the caller may see, in one of {@code allowed} statuses. */
    public SessionState load(Caller caller, SessionId id, Set<SessionStatus> allowed) {
        SessionState s = load(caller, id);
        requireStatus(s.session(), allowed);
        return s;
    }

    /** Returns the session as a change sees it, after the same checks. */
    public static Session inChange(ChangeContext ctx, Caller caller, SessionId id, Set<SessionStatus> allowed) {
        Session s = ctx.findSession(id).orElseThrow(() -> notFound(id));
        checkVisible(caller, s);
        requireStatus(s, allowed);
        return s;
    }

    /** Throws NOT_FOUND unless the caller may see the session. */
    public static void checkVisible(Caller caller, Session s) {
        if (!visible(caller, s)) {
            throw notFound(s.id());
        }
    }

    /** Returns whether a PRIVATE session is visible to the caller (always true for TENANT visibility). */
    public static boolean visible(Caller caller, Session s) {
        if (s.settings().visibility() != Visibility.PRIVATE) {
            return true;
        }
        return caller.principal().equals(s.settings().owner())
                || s.settings().sharedWith().contains(caller.principal())
                || caller.has(Scope.ADMIN);
    }

    /** Throws SESSION_NOT_ACTIVE unless the session's status is in {@code allowed}. */
    public static void requireStatus(Session s, Set<SessionStatus> allowed) {
        if (!allowed.contains(s.status())) {
            throw AfsException.of(
                    Reason.SESSION_NOT_ACTIVE,
                    "session " + s.id() + " is " + statusName(s.status()) + "; this operation needs "
                            + (allowed.size() == 1
                                    ? statusName(allowed.iterator().next())
                                    : "one of "
                                            + allowed.stream()
                                                    .map(SessionAccess::statusName)
                                                    .toList()),
                    "status",
                    statusName(s.status()));
        }
    }

    /** Returns the wire name of a status. */
    public static String statusName(SessionStatus s) {
        return "SESSION_STATUS_" + s.name();
    }

    static AfsException notFound(SessionId id) {
        return AfsException.notFound("session " + id + " not found");
    }

    private static String printable(String s) {
        if (s == null) {
            return "\"\"";
        }
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return "\"" + t.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}
