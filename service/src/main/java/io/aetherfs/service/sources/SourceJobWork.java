package io.aetherfs.service.sources;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.service.Limits;
import io.aetherfs.service.jobs.JobHandler;
import io.aetherfs.service.sources.SourceRecords.ChildKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source job (spec §8.15): QUEUED → RUNNING, then builds the tree (an uploaded archive, a host
 * directory, or a promoted session's snapshot) while its progress is written about once a second, and
 * commits SUCCEEDED, the new revision, the source's latest revision and READY status in one change. A
 * permanent failure ({@link JobFailure}) fails the job at once; anything else is retried by the runner,
 * and the last attempt fails it with INTERNAL. At most {@code sources.import_workers} run on a node.
 */
final class SourceJobWork implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(SourceJobWork.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final Engine engine;
    private final Limits limits;
    private final SourceSettings settings;
    private final Semaphore workers;

    SourceJobWork(Engine engine, Limits limits, SourceSettings settings) {
        this.engine = engine;
        this.limits = limits;
        this.settings = settings;
        this.workers = new Semaphore(settings.importWorkers());
    }

    @Override
    public String kind() {
        return SourceJobs.RUN;
    }

    @Override
    public int maxAttempts() {
        return 5;
    }

    @Override
    public void run(Job job) throws Exception {
        workers.acquire();
        try {
            runOne(job.tenant(), SourceJobs.key(job.subject()));
        } finally {
            workers.release();
        }
    }

    @Override
    public void abandon(Job job, Exception last) {
        log.warn("source job {} failed for good: {}", job.subject(), last.toString());
        ChildKey key = SourceJobs.key(job.subject());
        engine.execute(job.tenant(), Actor.system(), ctx -> {
            SourceJob j = ctx.records(SourceRecords.JOBS, null).get(key).orElse(null);
            SourceJobs.fail(ctx, key, "INTERNAL", String.valueOf(last.getMessage()));
            if (j != null && j.kind() == JobKind.PROMOTION) {
                promotionEvent(ctx, j, EventType.PROMOTION_FAILED, Map.of("errorCode", "INTERNAL"));
            }
            return null;
        });
    }

    private void runOne(TenantId tenant, ChildKey key) throws Exception {
        SourceJob job = engine.execute(tenant, Actor.system(), ctx -> {
            SourceJob j = ctx.records(SourceRecords.JOBS, null).get(key).orElse(null);
            if (j == null || j.state().finished()) {
                ctx.records(SourceRecords.WORK, null).delete(key.source().value() + "/" + key.child());
                return null;
            }
            Source s =
                    ctx.records(SourceRecords.SOURCES, null).get(key.source()).orElse(null);
            if (s == null || s.status() == SourceStatus.DELETING) {
                SourceJobs.fail(ctx, key, "INTERNAL", "the source is being deleted");
                return null;
            }
            return SourceJobs.start(ctx, key);
        });
        if (job == null) {
            return;
        }
        Actor actor = new Actor(job.requestedBy(), null, null, null);
        Built built;
        try {
            built = build(tenant, key, job);
        } catch (JobFailure f) {
            engine.execute(tenant, actor, ctx -> {
                SourceJobs.fail(ctx, key, f.code(), f.getMessage());
                if (job.kind() == JobKind.PROMOTION) {
                    promotionEvent(ctx, job, EventType.PROMOTION_FAILED, Map.of("errorCode", f.code()));
                }
                return null;
            });
            return;
        }
        engine.execute(tenant, actor, ctx -> finish(ctx, key, built));
    }

    /** The tree a job made, with what its final change needs. */
    private record Built(
            DirEntry tree,
            Hash storedRoot,
            Map<Hash, byte[]> inline,
            long files,
            long bytes,
            long skipped,
            String gitCommit) {}

    private Built build(TenantId tenant, ChildKey key, SourceJob job) throws Exception {
        if (job.kind() == JobKind.PROMOTION) {
            DirEntry tree = engine.storedTree(tenant, job.promotedRoot());
            return new Built(
                    tree,
                    job.promotedRoot(),
                    Map.of(),
                    tree.stats().files(),
                    tree.stats().bytes(),
                    0,
                    null);
        }
        Source source = engine.records(tenant).of(SourceRecords.SOURCES, null).require(key.source());
        TreeBuild b = new TreeBuild(engine, tenant, limits.maxFileBytes());
        String gitCommit = null;
        try (Progress p = new Progress(tenant, key, b)) {
            switch (source.kind()) {
                case UPLOADED_SNAPSHOT -> {
                    Upload u = engine.records(tenant)
                            .of(SourceRecords.UPLOADS, null)
                            .get(new ChildKey(key.source(), job.uploadId().value()))
                            .filter(x -> x.expiresAt().isAfter(engine.clock().instant()))
                            .orElseThrow(
                                    () -> new JobFailure("UPLOAD_NOT_FOUND", "upload " + job.uploadId() + " is gone"));
                    ArchiveImport.read(engine, tenant, u, limits, b);
                }
                case LOCALFS -> LocalTrees.read(source.origin().hostPath(), settings, b);
                case GIT_REMOTE ->
                    gitCommit = GitTrees.read(
                            source.origin().url(),
                            job.ref() != null ? job.ref() : source.origin().ref(),
                            settings,
                            b);
                case GIT_BUNDLE ->
                    throw new JobFailure("GIT_FETCH_FAILED", "importing git bundles is not supported by this server");
            }
        }
        DirEntry tree = b.tree(engine.clock().instant());
        b.sync();
        return new Built(tree, null, b.inline(), b.files(), b.bytes(), b.skipped(), gitCommit);
    }

    /** Commits SUCCEEDED with the revision, and the source's latest revision and READY status. */
    private Void finish(ChangeContext ctx, ChildKey key, Built built) {
        var jobs = ctx.records(SourceRecords.JOBS, null);
        SourceJob j = jobs.get(key).orElse(null);
        Source s = ctx.records(SourceRecords.SOURCES, null).get(key.source()).orElse(null);
        if (j == null || j.state() != JobState.RUNNING) {
            return null; // another attempt finished it
        }
        if (s == null || s.status() == SourceStatus.DELETING) {
            SourceJobs.fail(ctx, key, "INTERNAL", "the source is being deleted");
            return null;
        }
        String fingerprint = ctx.canonical().fingerprint(built.tree()); // first, so storing keeps the memos
        Revision latest = s.latestRevisionId() == null
                ? null
                : ctx.records(SourceRecords.REVISIONS, null)
                        .get(new ChildKey(s.id(), s.latestRevisionId().value()))
                        .orElse(null);
        boolean unchanged = latest != null
                && (built.gitCommit() != null
                        ? built.gitCommit().equals(latest.gitCommit())
                        : latest.fingerprint().equals(fingerprint));
        if (j.kind() == JobKind.REFRESH && unchanged) {
            // the latest revision's git commit (or host tree): the refresh succeeds with it and creates none
            jobs.put(
                    key,
                    j.progress(built.bytes(), built.files(), built.skipped()).succeeded(latest.id(), ctx.now()));
            ctx.records(SourceRecords.WORK, null).delete(SourceJobs.subject(s.id(), j.id()));
            SourceRecords.save(
                    ctx,
                    s,
                    EventType.SOURCE_JOB_SUCCEEDED,
                    Map.of("jobId", j.id().value(), "revisionId", latest.id().value(), "unchanged", true));
            return null;
        }
        built.inline().forEach(ctx::storeInline);
        Hash root = built.storedRoot() != null ? built.storedRoot() : ctx.storeTree(built.tree());
        Revision r = new Revision(
                RevisionId.generate(ctx.ids()),
                s.id(),
                root,
                fingerprint,
                built.tree().stats().files(),
                built.tree().stats().bytes(),
                switch (j.kind()) {
                    case IMPORT -> RevisionOrigin.IMPORT;
                    case REFRESH -> RevisionOrigin.REFRESH;
                    case PROMOTION -> RevisionOrigin.PROMOTION;
                },
                j.id(),
                built.gitCommit(),
                j.sessionId(),
                j.description(),
                ctx.now());
        ctx.records(SourceRecords.REVISIONS, null).put(new ChildKey(s.id(), r.id().value()), r);
        jobs.put(key, j.progress(built.bytes(), built.files(), built.skipped()).succeeded(r.id(), ctx.now()));
        ctx.records(SourceRecords.WORK, null).delete(SourceJobs.subject(s.id(), j.id()));
        s = SourceRecords.save(
                ctx,
                s.withLatest(r.id(), ctx.now()),
                EventType.REVISION_CREATED,
                Map.of(
                        "revisionId",
                        r.id().value(),
                        "fingerprint",
                        r.fingerprint(),
                        "origin",
                        "REVISION_ORIGIN_" + r.origin()));
        s = SourceRecords.save(
                ctx, s, EventType.SOURCE_JOB_SUCCEEDED, Map.of("jobId", j.id().value(), "revisionId", r.id().value()));
        if (s.status() != SourceStatus.READY) {
            SourceRecords.save(
                    ctx,
                    s.withStatus(SourceStatus.READY, null, null, ctx.now()),
                    EventType.SOURCE_STATUS_CHANGED,
                    Map.of("from", Sources.statusName(s.status()), "to", Sources.statusName(SourceStatus.READY)));
        }
        if (j.kind() == JobKind.PROMOTION) {
            promotionEvent(ctx, j, EventType.PROMOTION_SUCCEEDED, Map.of("revisionId", r.id().value()));
        }
        return null;
    }

    /** Appends a promotion event to the promoted session's log, if the session still exists. */
    private static void promotionEvent(ChangeContext ctx, SourceJob j, EventType type, Map<String, Object> more) {
        SessionId sid = new SessionId(j.sessionId());
        if (ctx.findSession(sid).isEmpty()) {
            return;
        }
        Map<String, Object> d = new HashMap<>(more);
        d.put("sourceId", j.sourceId().value());
        d.put("jobId", j.id().value());
        ctx.appendEvent(sid, type, null, d);
    }

    /** Writes the job's counters about once a second while it reads, in changes of their own (no events). */
    private final class Progress implements AutoCloseable {
        private final Thread writer;

        Progress(TenantId tenant, ChildKey key, TreeBuild b) {
            writer = Thread.ofVirtual().name("source-job-progress").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(PROGRESS_EVERY);
                        engine.execute(tenant, Actor.system(), ctx -> {
                            var jobs = ctx.records(SourceRecords.JOBS, null);
                            jobs.get(key)
                                    .filter(j -> j.state() == JobState.RUNNING)
                                    .ifPresent(j -> jobs.put(key, j.progress(b.bytes(), b.files(), b.skipped())));
                            return null;
                        });
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (AfsException e) {
                    if (e.code() != ErrorCode.UNAVAILABLE) {
                        log.debug("progress of {} not written: {}", key, e.getMessage());
                    }
                }
            });
        }

        @Override
        public void close() {
            writer.interrupt();
        }
    }
}
