package io.aetherfs.service.session;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.jobs.JobRunner;
import io.aetherfs.service.session.SessionRecords.PendingTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Status transitions of spec §8.1 and §8.6: archive and hydrate (which finish asynchronously, as durable
 * jobs), and the review transitions. Every transition records SESSION_STATUS_CHANGED with from, to, trigger and comment.
 */
public final class Transitions {
    private final Engine engine;
    private final Fingerprints fingerprints;
    private final TransitionJobs jobs;
    private final IdleArchiver idle;

    /** Builds the transitions and registers the jobs that finish archive and hydrate with {@code runner}. */
    public Transitions(Engine engine, JobRunner runner) {
        this(engine, runner, Duration.ZERO);
    }

    /**
     * Builds the transitions like {@link #Transitions(Engine, JobRunner)}; with a positive
     * {@code idleArchiveAfter} the runner's sweep also archives sessions idle that long (trigger {@code idle}).
     */
    public Transitions(Engine engine, JobRunner runner, Duration idleArchiveAfter) {
        this.engine = engine;
        this.fingerprints = new Fingerprints(engine);
        this.jobs = new TransitionJobs(engine, runner);
        this.idle = new IdleArchiver(engine, jobs, idleArchiveAfter);
        if (idle.enabled()) {
            runner.addSweep(idle::sweep);
        }
    }

    /** Archives every ACTIVE session idle for {@code sessions.idle_archive_after_secs}; returns how many (0 when off). */
    public int archiveIdle() {
        return idle.sweep();
    }

    /** Enqueues a finishing job for every session left in ARCHIVING or HYDRATING without one. */
    public void sweep() {
        jobs.sweep();
    }

    /**
     * ACTIVE → ARCHIVING now, then ARCHIVED once the tree is durable in stored nodes, by a job that any node
     * may run ({@link TransitionJobs}).
     */
    public SessionView archive(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_WRITE);
        Session s = move(caller, id, SessionAccess.ACTIVE_ONLY, SessionStatus.ARCHIVING, "archive", null);
        jobs.submit(caller.tenant(), id, SessionStatus.ARCHIVING);
        return fingerprints.view(caller.tenant(), s);
    }

    /** ARCHIVED → HYDRATING now, then ACTIVE, by a job that any node may run. */
    public SessionView hydrate(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_WRITE);
        Session s = move(caller, id, Set.of(SessionStatus.ARCHIVED), SessionStatus.HYDRATING, "hydrate", null);
        jobs.submit(caller.tenant(), id, SessionStatus.HYDRATING);
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

    /**
     * Sets a new status in a change and records the transition. Entering ARCHIVING or HYDRATING also marks
     * the session as waiting for its finishing job ({@link SessionRecords#PENDING_TRANSITIONS}); leaving it
     * unmarks it.
     */
    public static void change(ChangeContext ctx, SessionId id, SessionStatus to, String trigger, String comment) {
        change(ctx, id, to, trigger, comment, Map.of());
    }

    /**
     * Sets a new status like {@link #change(ChangeContext, SessionId, SessionStatus, String, String)}, adding
     * {@code extra} to the event's details (the approval a PENDING_APPROVAL move is about).
     */
    public static void change(
            ChangeContext ctx,
            SessionId id,
            SessionStatus to,
            String trigger,
            String comment,
            Map<String, Object> extra) {
        Session s = ctx.session(id);
        SessionStatus from = s.status();
        String pendingKind = TransitionJobs.kindFor(to);
        if (pendingKind != null) {
            ctx.records(SessionRecords.PENDING_TRANSITIONS, null).put(new PendingTransition(id, pendingKind));
        } else if (TransitionJobs.kindFor(from) != null) {
            ctx.records(SessionRecords.PENDING_TRANSITIONS, null).delete(id);
        }
        Instant archivedAt = to != SessionStatus.ARCHIVED
                ? null
                : from == SessionStatus.HYDRATING ? s.lifecycle().archivedAt() : ctx.now();
        ctx.updateSession(
                id,
                x -> x.withLifecycle(new Session.Lifecycle(
                        to,
                        to == SessionStatus.CONFLICT ? x.lifecycle().conflict() : null,
                        to == SessionStatus.PENDING_APPROVAL ? x.lifecycle().pendingApprovalId() : null,
                        archivedAt,
                        x.lifecycle().lastCommitId(),
                        x.lifecycle().approvedFingerprint())));
        Map<String, Object> details = new HashMap<>(extra);
        details.put("from", SessionAccess.statusName(from));
        details.put("to", SessionAccess.statusName(to));
        details.put("trigger", trigger);
        if (comment != null) {
            details.put("comment", comment);
        }
        ctx.appendEvent(id, EventType.SESSION_STATUS_CHANGED, null, details);
    }
}
