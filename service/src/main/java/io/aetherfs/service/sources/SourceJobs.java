package io.aetherfs.service.sources;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.service.jobs.JobHandler;
import io.aetherfs.service.jobs.JobRunner;
import io.aetherfs.service.sources.SourceRecords.ChildKey;
import io.aetherfs.service.sources.SourceRecords.Work;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source jobs on the shared job queue: queuing them (the job record and its {@link Work} marker commit
 * in one change, the queue entry follows; every node's sweep re-enqueues markers whose entry was lost),
 * their state changes with the source's events, and the removal of deleted sources. The work of a job
 * is {@link SourceJobWork}'s.
 */
final class SourceJobs {
    static final String RUN = "source.job";
    static final String REMOVE = "source.remove";
    private static final Logger log = LoggerFactory.getLogger(SourceJobs.class);
    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final int PAGE = 500;

    private final Engine engine;
    private final JobRunner runner;

    SourceJobs(Engine engine, JobRunner runner) {
        this.engine = engine;
        this.runner = runner;
        runner.register(new Remove());
        runner.addSweep(this::sweep);
    }

    /** Registers the handler that runs source jobs. */
    void register(JobHandler work) {
        runner.register(work);
    }

    /** Records a new QUEUED job of the source in the change, with its event and queue marker. */
    static Source queue(ChangeContext ctx, Source source, SourceJob job) {
        ctx.records(SourceRecords.JOBS, null)
                .put(new ChildKey(source.id(), job.id().value()), job);
        ctx.records(SourceRecords.WORK, null).put(new Work(RUN, subject(source.id(), job.id())));
        return SourceRecords.save(
                ctx,
                source.withLastJob(job.id(), ctx.now()),
                EventType.SOURCE_JOB_QUEUED,
                Map.of("jobId", job.id().value(), "kind", "SOURCE_JOB_KIND_" + job.kind()));
    }

    /** Marks a source's removal as due in the change. */
    void markRemoval(ChangeContext ctx, SourceId id) {
        ctx.records(SourceRecords.WORK, null).put(new Work(REMOVE, id.value()));
    }

    /** Enqueues a job queued by a committed change; if that fails, the sweep enqueues it later. */
    void submit(TenantId tenant, SourceId source, JobId job) {
        submit(tenant, RUN, subject(source, job));
    }

    void submitRemoval(TenantId tenant, SourceId source) {
        submit(tenant, REMOVE, source.value());
    }

    private void submit(TenantId tenant, String kind, String subject) {
        try {
            runner.submit(tenant, kind, subject, NO_PAYLOAD);
        } catch (AfsException e) {
            log.warn("could not enqueue {} {}; the next sweep will: {}", kind, subject, e.getMessage());
        }
    }

    static String subject(SourceId source, JobId job) {
        return source.value() + "/" + job.value();
    }

    static ChildKey key(String subject) {
        int slash = subject.indexOf('/');
        return new ChildKey(new SourceId(subject.substring(0, slash)), subject.substring(slash + 1));
    }

    /** Moves a QUEUED job to RUNNING (SOURCE_JOB_STARTED); returns the job as it is now. */
    static SourceJob start(ChangeContext ctx, ChildKey key) {
        var jobs = ctx.records(SourceRecords.JOBS, null);
        SourceJob j = jobs.require(key);
        if (j.state() != JobState.QUEUED) {
            return j;
        }
        SourceJob running = j.running(ctx.now());
        jobs.put(key, running);
        Source s = SourceAccess.inChange(ctx, key.source());
        SourceRecords.save(ctx, s, EventType.SOURCE_JOB_STARTED, Map.of("jobId", j.id().value()));
        return running;
    }

    /** Fails a job that has not ended (SOURCE_JOB_FAILED; a CREATING source becomes FAILED). */
    static void fail(ChangeContext ctx, ChildKey key, String code, String message) {
        var jobs = ctx.records(SourceRecords.JOBS, null);
        SourceJob j = jobs.get(key).orElse(null);
        ctx.records(SourceRecords.WORK, null).delete(subject(key.source(), new JobId(key.child())));
        if (j == null || j.state().finished()) {
            return;
        }
        jobs.put(key, j.failed(code, message, ctx.now()));
        Source s = ctx.records(SourceRecords.SOURCES, null).get(key.source()).orElse(null);
        if (s == null) {
            return;
        }
        Map<String, Object> d = new HashMap<>();
        d.put("jobId", j.id().value());
        d.put("errorCode", code);
        d.put("errorMessage", message == null ? "" : message);
        s = SourceRecords.save(ctx, s, EventType.SOURCE_JOB_FAILED, d);
        if (s.status() == SourceStatus.CREATING) {
            SourceRecords.save(
                    ctx,
                    s.withStatus(SourceStatus.FAILED, code, message, ctx.now()),
                    EventType.SOURCE_STATUS_CHANGED,
                    Map.of(
                            "from",
                            Sources.statusName(SourceStatus.CREATING),
                            "to",
                            Sources.statusName(SourceStatus.FAILED)));
        }
    }

    /** Enqueues a queue entry for every unfinished marker of every tenant, and drops expired uploads. */
    void sweep() {
        for (TenantId tenant : engine.tenants()) {
            var markers = engine.records(tenant).of(SourceRecords.WORK, null);
            RecordQuery<String> q = RecordQuery.first(PAGE);
            while (true) {
                RecordPage<Work> page = markers.list(q);
                for (Work w : page.items()) {
                    runner.queue()
                            .enqueue(
                                    tenant,
                                    w.kind(),
                                    w.subject(),
                                    NO_PAYLOAD,
                                    engine.clock().instant());
                }
                if (!page.more()) {
                    break;
                }
                q = q.after(page.items().getLast().subject());
            }
            dropExpiredUploads(tenant);
        }
        runner.wake();
    }

    /** Deletes the upload records past their 24 hours; garbage collection then reclaims their content. */
    private void dropExpiredUploads(TenantId tenant) {
        var uploads = engine.records(tenant).of(SourceRecords.UPLOADS, null);
        java.time.Instant now = engine.clock().instant();
        java.util.List<ChildKey> expired = new java.util.ArrayList<>();
        RecordQuery<ChildKey> q = RecordQuery.first(PAGE);
        while (true) {
            RecordPage<Upload> page = uploads.list(q);
            for (Upload u : page.items()) {
                if (!u.expiresAt().isAfter(now)) {
                    expired.add(new ChildKey(u.sourceId(), u.id().value()));
                }
            }
            if (!page.more()) {
                break;
            }
            Upload last = page.items().getLast();
            q = q.after(new ChildKey(last.sourceId(), last.id().value()));
        }
        if (!expired.isEmpty()) {
            engine.execute(tenant, Actor.system(), ctx -> {
                expired.forEach(k -> ctx.records(SourceRecords.UPLOADS, null).delete(k));
                return null;
            });
        }
    }

    /** Removes a DELETING source and everything under it, a page per change, the source record last. */
    private final class Remove implements JobHandler {
        @Override
        public String kind() {
            return REMOVE;
        }

        @Override
        public void run(Job job) {
            SourceId id = new SourceId(job.subject());
            while (engine.execute(job.tenant(), Actor.system(), ctx -> removePage(ctx, id))) {
                // each round removes up to one page of each child kind
            }
        }

        private boolean removePage(ChangeContext ctx, SourceId id) {
            Source s = ctx.records(SourceRecords.SOURCES, null).get(id).orElse(null);
            if (s == null || s.status() != SourceStatus.DELETING) {
                ctx.records(SourceRecords.WORK, null).delete(id.value());
                return false;
            }
            boolean more = removeChildren(ctx, SourceRecords.REVISIONS, id, Revision::sourceId);
            more |= removeChildren(ctx, SourceRecords.JOBS, id, SourceJob::sourceId);
            more |= removeChildren(ctx, SourceRecords.UPLOADS, id, Upload::sourceId);
            more |= removeChildren(ctx, SourceRecords.EVENTS, id, SourceEvent::sourceId);
            if (!more) {
                ctx.records(SourceRecords.SOURCES, null).delete(id);
                ctx.records(SourceRecords.WORK, null).delete(id.value());
            }
            return more;
        }

        private <R> boolean removeChildren(
                ChangeContext ctx,
                io.aetherfs.core.engine.RecordType<ChildKey, R> type,
                SourceId id,
                java.util.function.Function<R, SourceId> owner) {
            var records = ctx.records(type, null);
            RecordPage<R> page = records.list(RecordQuery.<ChildKey>first(PAGE)
                    .after(new ChildKey(id, ""))
                    .until(ChildKey.end(id)));
            for (R r : page.items()) {
                if (owner.apply(r).equals(id)) {
                    records.delete(keyOf(id, r));
                }
            }
            return page.more();
        }

        private static ChildKey keyOf(SourceId id, Object r) {
            return new ChildKey(
                    id,
                    switch (r) {
                        case Revision v -> v.id().value();
                        case SourceJob j -> j.id().value();
                        case Upload u -> u.id().value();
                        case SourceEvent e -> SourceRecords.seq(e.sequence());
                        default -> throw new IllegalStateException("unknown child " + r);
                    });
        }
    }
}
