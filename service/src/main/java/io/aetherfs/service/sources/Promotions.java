package io.aetherfs.service.sources;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.service.approvals.ApprovalGate;
import io.aetherfs.service.approvals.ApprovalReason;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.persistence.Commits;
import io.aetherfs.service.session.SessionAccess;
import java.util.Map;

/**
 * Promotion (spec §8.15): a session's working tree, or the tree of one of its commits, snapshotted at
 * request time (a stored root) and turned into a new revision by a PROMOTION job. The session must be
 * ACTIVE and, when its capabilities ask for approvals, the promotion needs an approval (§8.8).
 */
public final class Promotions {
    private final Engine engine;
    private final SourceAccess access;
    private final SourceJobs jobs;

    Promotions(Engine engine, SourceJobs jobs) {
        this.engine = engine;
        this.access = new SourceAccess(engine);
        this.jobs = jobs;
    }

    /** Queues the PROMOTION job; PROMOTION_REQUESTED goes to the session's log, SOURCE_JOB_QUEUED to the source's. */
    public SourceJob promote(Caller caller, SourceId id, SessionId sessionId, String commitId, String description) {
        caller.require(Scope.SOURCE_WRITE);
        caller.require(Scope.SESSION_READ);
        if (description != null && description.length() > 4096) {
            throw AfsException.invalid("description is longer than 4096 characters");
        }
        SourceAccess.requireReady(access.load(caller, id));
        CommitId commit = commitId == null ? null : Commits.parseId(commitId);
        Hash commitRoot = commit == null
                ? null
                : Commits.find(engine, caller.tenant(), sessionId, commit).root();
        JobId jobId = JobId.generate(engine.ids());
        SourceJob job = engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Source s = SourceAccess.inChange(ctx, id);
            SourceAccess.requireReady(s);
            Session session = SessionAccess.inChange(ctx, caller, sessionId, SessionAccess.ACTIVE_ONLY);
            // with capabilities.approvals, a GRANTED PROMOTE_SOURCE approval of the session's current
            // fingerprint is needed and consumed in this change (spec §8.8); APPROVAL_REQUIRED otherwise
            ApprovalGate.consume(ctx, session, ApprovalReason.PROMOTE_SOURCE, "promote:" + jobId.value());
            Hash root = commitRoot != null ? commitRoot : ctx.flush(sessionId);
            SourceJob j = new SourceJob(
                    jobId,
                    id,
                    JobKind.PROMOTION,
                    JobState.QUEUED,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    sessionId.value(),
                    caller.principal(),
                    ctx.now(),
                    null,
                    null,
                    null,
                    null,
                    root,
                    description);
            SourceJobs.queue(ctx, s, j);
            ctx.appendEvent(
                    sessionId,
                    EventType.PROMOTION_REQUESTED,
                    null,
                    commit == null
                            ? Map.of("sourceId", id.value(), "jobId", jobId.value())
                            : Map.of("sourceId", id.value(), "jobId", jobId.value(), "commitId", commit.value()));
            return j;
        });
        jobs.submit(caller.tenant(), id, jobId);
        return job;
    }
}
