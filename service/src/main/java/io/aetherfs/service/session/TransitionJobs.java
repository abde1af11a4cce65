package io.aetherfs.service.session;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.service.jobs.JobHandler;
import io.aetherfs.service.jobs.JobRunner;
import io.aetherfs.service.session.SessionRecords.PendingTransition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable second half of archive and hydrate (spec §8.6): the jobs that move an ARCHIVING session to
 * ARCHIVED and a HYDRATING one to ACTIVE, on whichever node claims them.
 *
 * <p>The request's status change and the job cannot commit together (the job queue is another table),
 * so the status change also writes a {@link SessionRecords#PENDING_TRANSITIONS} marker (the job kind) in
 * the same metadata transaction, and the job is enqueued right after. A node that dies in between leaves the marker:
 * every node's sweep enqueues a job for each marker it finds (the queue keeps one job per session and
 * kind). Handlers re-check the status, so a job for a transition that already finished does nothing.
 */
final class TransitionJobs {
    static final String ARCHIVE = "session.archive";
    static final String HYDRATE = "session.hydrate";
    private static final Logger log = LoggerFactory.getLogger(TransitionJobs.class);
    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final int SWEEP_PAGE = 500;

    private final Engine engine;
    private final JobRunner runner;

    TransitionJobs(Engine engine, JobRunner runner) {
        this.engine = engine;
        this.runner = runner;
        // ARCHIVING → ARCHIVED once the tree is durable in stored nodes; back to ACTIVE if that keeps failing
        runner.register(new Finish(
                engine,
                ARCHIVE,
                SessionStatus.ARCHIVING,
                SessionStatus.ARCHIVED,
                "archive",
                ChangeContext::flush,
                SessionStatus.ACTIVE,
                "archiveFailed",
                "sealing"));
        // HYDRATING → ACTIVE once the stored tree is loaded into this node's cache; back to ARCHIVED if not
        runner.register(new Finish(
                engine,
                HYDRATE,
                SessionStatus.HYDRATING,
                SessionStatus.ACTIVE,
                "hydrate",
                ChangeContext::tree,
                SessionStatus.ARCHIVED,
                "hydrateFailed",
                "hydrating"));
        runner.addSweep(this::sweep);
    }

    /** Returns the job kind that finishes a session in {@code status}, or null when it is not transitional. */
    static String kindFor(SessionStatus status) {
        return switch (status) {
            case ARCHIVING -> ARCHIVE;
            case HYDRATING -> HYDRATE;
            default -> null;
        };
    }

    /** Enqueues the job that finishes the session's transition; if that fails, the sweep enqueues it later. */
    void submit(TenantId tenant, SessionId id, SessionStatus status) {
        try {
            runner.submit(tenant, kindFor(status), id.value(), NO_PAYLOAD);
        } catch (AfsException e) {
            log.warn(
                    "could not enqueue the {} job of session {}; the next sweep will: {}",
                    kindFor(status),
                    id,
                    e.getMessage());
        }
    }

    /** Enqueues a job for every session of every tenant that is marked as in a transitional status. */
    void sweep() {
        for (TenantId tenant : engine.tenants()) {
            Records<SessionId, PendingTransition> markers =
                    engine.records(tenant).of(SessionRecords.PENDING_TRANSITIONS, null);
            RecordQuery<SessionId> query = RecordQuery.first(SWEEP_PAGE);
            while (true) {
                RecordPage<PendingTransition> marked = markers.list(query);
                for (PendingTransition p : marked.items()) {
                    String subject = p.session().value();
                    Instant now = engine.clock().instant();
                    Job job = runner.queue().enqueue(tenant, p.jobKind(), subject, NO_PAYLOAD, now);
                    if (!job.createdAt().isBefore(now.truncatedTo(ChronoUnit.MILLIS))) {
                        log.info("sweep: queued the {} job of session {}, which had none", p.jobKind(), subject);
                    }
                }
                if (!marked.more()) {
                    break;
                }
                query = query.after(marked.items().getLast().session());
            }
        }
        runner.wake();
    }

    /**
     * The job that finishes one transition: while the session is still {@code from}, runs {@code work}
     * and moves it to {@code to}; after the last failed attempt moves it {@code back}, recording why.
     */
    private record Finish(
            Engine engine,
            String kind,
            SessionStatus from,
            SessionStatus to,
            String trigger,
            BiConsumer<ChangeContext, SessionId> work,
            SessionStatus back,
            String failTrigger,
            String failing)
            implements JobHandler {
        @Override
        public int maxAttempts() {
            return 5;
        }

        @Override
        public void run(Job job) {
            move(job, to, trigger, null, work);
        }

        @Override
        public void abandon(Job job, Exception last) {
            log.warn("{} session {} failed, returning it to {}: {}", failing, job.subject(), back, last.getMessage());
            move(job, back, failTrigger, last.getMessage(), (ctx, id) -> {});
        }

        private void move(
                Job job, SessionStatus status, String why, String comment, BiConsumer<ChangeContext, SessionId> first) {
            SessionId id = new SessionId(job.subject());
            engine.execute(job.tenant(), Actor.system(), ctx -> {
                if (ctx.findSession(id).filter(s -> s.status() == from).isPresent()) {
                    first.accept(ctx, id);
                    Transitions.change(ctx, id, status, why, comment);
                }
                return null;
            });
        }
    }
}
