package io.aetherfs.service.sources;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.UploadId;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.sources.SourceRecords.ChildKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Starting imports and refreshes (spec §8.15 "Jobs") and reading a source's jobs and revisions. A job
 * is queued here; {@link SourceJobWork} runs it on whichever node claims it.
 */
public final class SourceImports {
    private final Engine engine;
    private final SourceAccess access;
    private final PageTokens tokens;
    private final SourceJobs jobs;

    SourceImports(Engine engine, Limits limits, SourceJobs jobs) {
        this.engine = engine;
        this.access = new SourceAccess(engine);
        this.tokens = new PageTokens(limits);
        this.jobs = jobs;
    }

    /** Queues an IMPORT job: uploaded kinds name an upload, git and host kinds import their origin. */
    public SourceJob startImport(Caller caller, SourceId id, String uploadId, String ref) {
        caller.require(Scope.SOURCE_IMPORT);
        Source source = access.load(caller, id);
        SourceAccess.requireNotDeleting(source);
        if (source.kind().uploaded()) {
            if (uploadId == null) {
                throw AfsException.invalid(
                        "uploadId is required to import a " + Sources.kindName(source.kind()) + " source");
            }
            UploadId upl = SourceIds.parseUpload(uploadId);
            engine.records(caller.tenant())
                    .of(SourceRecords.UPLOADS, null)
                    .get(new ChildKey(id, upl.value()))
                    .filter(u -> u.expiresAt().isAfter(engine.clock().instant()))
                    .orElseThrow(() -> AfsException.notFound("upload " + upl + " not found in source " + id));
            requireBuilt(source);
            return queue(caller, id, JobKind.IMPORT, upl, null);
        }
        requireBuilt(source);
        if (uploadId != null) {
            throw new AfsException(
                    ErrorCode.FAILED_PRECONDITION,
                    "a " + Sources.kindName(source.kind()) + " source imports its origin; it takes no uploadId");
        }
        return queue(caller, id, JobKind.IMPORT, null, ref);
    }

    /** Queues a REFRESH job of a git or host source; uploaded kinds are FAILED_PRECONDITION. */
    public SourceJob refresh(Caller caller, SourceId id) {
        caller.require(Scope.SOURCE_IMPORT);
        Source source = access.load(caller, id);
        SourceAccess.requireNotDeleting(source);
        if (source.kind().uploaded()) {
            throw new AfsException(
                    ErrorCode.FAILED_PRECONDITION,
                    "a " + Sources.kindName(source.kind())
                            + " source cannot be refreshed: upload again and call startImport");
        }
        requireBuilt(source);
        return queue(caller, id, JobKind.REFRESH, null, null);
    }

    /** Refuses imports this server cannot run yet (git bundles) before any job is queued. */
    private static void requireBuilt(Source s) {
        if (s.kind() == SourceKind.GIT_BUNDLE) {
            throw new AfsException(
                    ErrorCode.UNIMPLEMENTED,
                    "importing " + Sources.kindName(s.kind()) + " sources is not supported by this server yet");
        }
    }

    private SourceJob queue(Caller caller, SourceId id, JobKind kind, UploadId upload, String ref) {
        JobId jobId = JobId.generate(engine.ids());
        SourceJob job = engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Source s = SourceAccess.inChange(ctx, id);
            SourceAccess.requireNotDeleting(s);
            SourceJob j = new SourceJob(
                    jobId,
                    id,
                    kind,
                    JobState.QUEUED,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null,
                    caller.principal(),
                    ctx.now(),
                    null,
                    null,
                    upload,
                    ref,
                    null,
                    null);
            SourceJobs.queue(ctx, s, j);
            return j;
        });
        jobs.submit(caller.tenant(), id, jobId);
        return job;
    }

    /** Returns one job with its live progress. */
    public SourceJob job(Caller caller, SourceId id, JobId jobId) {
        caller.require(Scope.SOURCE_READ);
        access.load(caller, id);
        return access.job(caller, id, jobId);
    }

    /** Lists a source's jobs newest first, optionally in one state. */
    public Page<SourceJob> jobs(Caller caller, SourceId id, JobState state, PageRequest page) {
        caller.require(Scope.SOURCE_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String route = "ListJobs:" + id;
        String after = tokens.decode(page, route, String.valueOf(state));
        var all = engine.records(caller.tenant()).of(SourceRecords.JOBS, null);
        List<SourceJob> out = new ArrayList<>();
        boolean more = false;
        while (true) {
            RecordPage<SourceJob> rows = SourceRecords.newestFirst(all, id, after, 256, SourceJob::sourceId);
            for (SourceJob j : rows.items()) {
                if (out.size() == size) {
                    more = true;
                    break;
                }
                after = j.id().value();
                if (state == null || j.state() == state) {
                    out.add(j);
                }
            }
            if (more || !rows.more()) {
                break;
            }
        }
        return new Page<>(out, more ? tokens.encode(route, String.valueOf(state), after) : "");
    }

    /** Returns one revision. */
    public Revision revision(Caller caller, SourceId id, RevisionId revisionId) {
        caller.require(Scope.SOURCE_READ);
        access.load(caller, id);
        return access.revision(caller, id, revisionId);
    }

    /** Lists a source's revisions newest first. */
    public Page<Revision> revisions(Caller caller, SourceId id, PageRequest page) {
        caller.require(Scope.SOURCE_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String route = "ListRevisions:" + id;
        String after = tokens.decode(page, route, "");
        RecordPage<Revision> rows = SourceRecords.newestFirst(
                engine.records(caller.tenant()).of(SourceRecords.REVISIONS, null), id, after, size, Revision::sourceId);
        List<Revision> items = rows.items();
        return new Page<>(
                items,
                rows.more() && !items.isEmpty()
                        ? tokens.encode(route, "", items.getLast().id().value())
                        : "");
    }
}
