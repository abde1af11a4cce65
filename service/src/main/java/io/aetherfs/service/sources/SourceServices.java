package io.aetherfs.service.sources;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.service.Limits;
import io.aetherfs.service.jobs.JobRunner;

/**
 * The sources use cases over one engine (spec §8.15, §9.6): the lifecycle, uploads, imports with their
 * jobs and revisions, promotion and the source event stream. Building it registers the source job
 * handlers and their sweep with the node's {@link JobRunner}.
 */
public record SourceServices(
        Sources sources,
        SourceUploads uploads,
        SourceImports imports,
        Promotions promotions,
        SourceEventLog events,
        SourceRevisions revisions) {

    public static SourceServices create(Engine engine, Limits limits, SourceSettings settings, JobRunner runner) {
        SourceJobs jobs = new SourceJobs(engine, runner);
        jobs.register(new SourceJobWork(engine, limits, settings));
        return new SourceServices(
                new Sources(engine, limits, settings, jobs),
                new SourceUploads(engine, limits),
                new SourceImports(engine, limits, jobs),
                new Promotions(engine, jobs),
                new SourceEventLog(engine, limits),
                new SourceRevisions());
    }
}
