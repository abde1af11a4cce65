package io.aetherfs.service.session;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status transitions of spec §8.1 and §8.6: archive and hydrate (which finish asynchronously), and the
 * review transitions. Every transition records SESSION_STATUS_CHANGED with from, to, trigger and comment.
 */
public final class Transitions {
    private static final Logger log = LoggerFactory.getLogger(Transitions.class);

    private final Engine engine;
    private final Fingerprints fingerprints;

    public Transitions(Engine engine) {
        this.engine = engine;
        this.fingerprints = new Fingerprints(engine);
    }

    /** ACTIVE → ARCHIVING now, then ARCHIVED once the tree is durable in stored nodes. */
    public SessionView archive(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_WRITE);
        Session s = move(caller, id, SessionAccess.ACTIVE_ONLY, SessionStatus.ARCHIVING, "archive", null);
        Thread.ofVirtual().name("afs-archive-" + id).start(() -> finishArchive(caller.tenant(), id));
        return fingerprints.view(caller.tenant(), s);
    }

    /** ARCHIVED → HYDRATING now, then ACTIVE. */
    public SessionView hydrate(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_WRITE);
        Session s = move(caller, id, Set.of(SessionStatus.ARCHIVED), SessionStatus.HYDRATING, "hydrate", null);
        Thread.ofVirtual().name("afs-hydrate-" + id).start(() -> finishHydrate(caller.tenant(), id));
        return fingerprints.view(caller.tenant(), s);
    }

    /** ACTIVE → PENDING_REVIEW, where tree mutations are refused. */
    public SessionView submitForReview(Caller caller, SessionId id, String comment) {
        caller.require(Scope.SESSION_WRITE);
        return fingerprints.view(
                caller.tenant(),
                move(caller, id, SessionAccess.ACTIVE_ONLY, SessionStatus.PENDING_REVIEW, "submitForReview", comment));
    }

    /** PENDING_REVIEW → ACTIVE. */
    public SessionView reopen(Caller caller, SessionId id, String comment) {
        caller.require(Scope.SESSION_WRITE);
        return fingerprints.view(
                caller.tenant(),
                move(caller, id, Set.of(SessionStatus.PENDING_REVIEW), SessionStatus.ACTIVE, "reopen", comment));
    }

    private Session move(
            Caller caller, SessionId id, Set<SessionStatus> from, SessionStatus to, String trigger, String comment) {
        if (comment != null && comment.length() > 16384) {
            throw AfsException.invalid("comment is longer than 16384 characters");
        }
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, from);
            change(ctx, id, to, trigger, comment);
            return ctx.session(id);
        });
    }

    /** Sets a new status in a change and records the transition. */
    public static void change(ChangeContext ctx, SessionId id, SessionStatus to, String trigger, String comment) {
        Session s = ctx.session(id);
        SessionStatus from = s.status();
        Instant archivedAt = to == SessionStatus.ARCHIVED ? ctx.now() : null;
        ctx.updateSession(
                id,
                x -> x.withLifecycle(new Session.Lifecycle(
                        to,
                        to == SessionStatus.CONFLICT ? x.lifecycle().conflict() : null,
                        to == SessionStatus.PENDING_APPROVAL ? x.lifecycle().pendingApprovalId() : null,
                        archivedAt,
                        x.lifecycle().lastCommitId())));
        Map<String, Object> details = new HashMap<>();
        details.put("from", SessionAccess.statusName(from));
        details.put("to", SessionAccess.statusName(to));
        details.put("trigger", trigger);
        if (comment != null) {
            details.put("comment", comment);
        }
        ctx.appendEvent(id, EventType.SESSION_STATUS_CHANGED, null, details);
    }

    private void finishArchive(TenantId tenant, SessionId id) {
        try {
            engine.execute(tenant, Actor.system(), ctx -> {
                if (ctx.findSession(id)
                        .filter(s -> s.status() == SessionStatus.ARCHIVING)
                        .isEmpty()) {
                    return null;
                }
                ctx.flush(id);
                change(ctx, id, SessionStatus.ARCHIVED, "archive", null);
                return null;
            });
        } catch (AfsException e) {
            log.warn("sealing session {} failed, returning it to ACTIVE: {}", id, e.getMessage());
            try {
                engine.execute(tenant, Actor.system(), ctx -> {
                    if (ctx.findSession(id)
                            .filter(s -> s.status() == SessionStatus.ARCHIVING)
                            .isPresent()) {
                        change(ctx, id, SessionStatus.ACTIVE, "archiveFailed", e.getMessage());
                    }
                    return null;
                });
            } catch (AfsException again) {
                log.error("could not return session {} to ACTIVE", id, again);
            }
        }
    }

    private void finishHydrate(TenantId tenant, SessionId id) {
        try {
            engine.execute(tenant, Actor.system(), ctx -> {
                if (ctx.findSession(id)
                        .filter(s -> s.status() == SessionStatus.HYDRATING)
                        .isPresent()) {
                    ctx.tree(id); // loads the stored tree into this node's cache before the session is usable
                    change(ctx, id, SessionStatus.ACTIVE, "hydrate", null);
                }
                return null;
            });
        } catch (AfsException e) {
            log.error("hydrating session {} failed", id, e);
        }
    }
}
