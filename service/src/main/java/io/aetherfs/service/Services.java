package io.aetherfs.service;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.service.analytics.Analytics;
import io.aetherfs.service.annotations.Annotations;
import io.aetherfs.service.approvals.ApprovalGate;
import io.aetherfs.service.approvals.Approvals;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.bus.MessageBus;
import io.aetherfs.service.cache.KnowledgeCache;
import io.aetherfs.service.cas.CasStats;
import io.aetherfs.service.collab.FileLocks;
import io.aetherfs.service.collab.LockSweeper;
import io.aetherfs.service.events.EventLog;
import io.aetherfs.service.files.Batches;
import io.aetherfs.service.files.ContentWrites;
import io.aetherfs.service.files.FileReads;
import io.aetherfs.service.files.NamespaceWrites;
import io.aetherfs.service.health.HealthReports;
import io.aetherfs.service.jobs.JobRunner;
import io.aetherfs.service.jobs.JobRunnerSettings;
import io.aetherfs.service.locks.PosixLocks;
import io.aetherfs.service.persistence.Checkpoints;
import io.aetherfs.service.persistence.Commits;
import io.aetherfs.service.persistence.Diffs;
import io.aetherfs.service.persistence.Merges;
import io.aetherfs.service.secrets.SecretKeys;
import io.aetherfs.service.secrets.Secrets;
import io.aetherfs.service.session.ExpirySweeper;
import io.aetherfs.service.session.SessionService;
import io.aetherfs.service.session.Transitions;
import io.aetherfs.service.sources.Promotions;
import io.aetherfs.service.sources.SourceEventLog;
import io.aetherfs.service.sources.SourceImports;
import io.aetherfs.service.sources.SourceServices;
import io.aetherfs.service.sources.SourceSettings;
import io.aetherfs.service.sources.SourceUploads;
import io.aetherfs.service.sources.Sources;
import io.aetherfs.service.tooling.ToolCalls;
import io.aetherfs.service.transfer.Exports;
import io.aetherfs.service.transfer.Syncs;
import io.aetherfs.service.usage.UsageMeter;
import io.aetherfs.service.usage.UsageReports;
import java.time.Duration;

/**
 * Every use-case service of the server, built over one engine, the node's {@link Notifier} (which
 * carries bus notices between the nodes sharing the stores) and the shared {@link JobQueue}, whose jobs
 * this node's {@link JobRunner} takes part in running. Transports hold this and call one method
 * per request. The engine and the notifier belong to the caller, who closes them after this.
 */
public final class Services implements AutoCloseable {
    private final Engine engine;
    private final Limits limits;
    private final SessionService sessions;
    private final Transitions transitions;
    private final FileReads fileReads;
    private final NamespaceWrites namespace;
    private final ContentWrites content;
    private final Batches batches;
    private final PosixLocks posixLocks;
    private final FileLocks fileLocks;
    private final LockSweeper lockExpiry;
    private final Checkpoints checkpoints;
    private final Commits commits;
    private final Diffs diffs;
    private final Merges merges;
    private final EventLog events;
    private final Exports exports;
    private final Syncs syncs;
    private final ExpirySweeper expiry;
    private final MessageBus bus;
    private final KnowledgeCache cache;
    private final JobRunner jobRunner;
    private final Approvals approvals;
    private final Annotations annotations;
    private final Secrets secrets;
    private final HealthReports health;
    private final ToolCalls toolCalls;
    private final Analytics analytics;
    private final CasStats cas;
    private final UsageMeter usageMeter;
    private final UsageReports usage;
    private final SourceServices sources;

    /** Services over in-memory jobs (tests and tools over in-memory or single-use stores). */
    public Services(Engine engine, Notifier notifier, Limits limits, Policy policy) {
        this(engine, notifier, limits, policy, Duration.ofSeconds(30), BusSettings.DEFAULT);
    }

    /** Services over in-memory jobs (tests and tools over in-memory or single-use stores). */
    public Services(
            Engine engine,
            Notifier notifier,
            Limits limits,
            Policy policy,
            Duration expirySweepInterval,
            BusSettings busSettings) {
        this(
                engine,
                notifier,
                new InMemoryJobQueue(engine.clock()),
                JobRunnerSettings.DEFAULT,
                limits,
                policy,
                expirySweepInterval,
                busSettings);
    }

    /**
     * Services like the full constructor's with secrets sealed under a random key of this process and no
     * idle archiving (tests and tools over throwaway stores).
     */
    public Services(
            Engine engine,
            Notifier notifier,
            JobQueue jobs,
            JobRunnerSettings jobSettings,
            Limits limits,
            Policy policy,
            Duration expirySweepInterval,
            BusSettings busSettings) {
        this(
                engine,
                notifier,
                jobs,
                jobSettings,
                limits,
                policy,
                expirySweepInterval,
                busSettings,
                SecretKeys.random(),
                Duration.ZERO,
                SourceSettings.DEFAULT);
    }

    /**
     * Services whose background jobs (archive, hydrate, source imports) go through {@code jobs}, the queue
     * every node sharing the stores claims from, run by this node's {@link JobRunner} under
     * {@code jobSettings}; secrets are sealed with {@code secretKeys} (the same on every node), with a
     * positive {@code idleArchiveAfter} the runner also archives sessions idle that long, and sources follow
     * {@code sourceSettings}. The queue belongs to the caller, who closes it after this.
     */
    public Services(
            Engine engine,
            Notifier notifier,
            JobQueue jobs,
            JobRunnerSettings jobSettings,
            Limits limits,
            Policy policy,
            Duration expirySweepInterval,
            BusSettings busSettings,
            SecretKeys secretKeys,
            Duration idleArchiveAfter,
            SourceSettings sourceSettings) {
        this.engine = engine;
        this.limits = limits;
        this.jobRunner = new JobRunner(jobs, engine.clock(), JobRunner.defaultOwner(), jobSettings);
        this.sources = SourceServices.create(engine, limits, sourceSettings, jobRunner);
        this.sessions = new SessionService(engine, limits, policy, sources.revisions());
        this.transitions = new Transitions(engine, jobRunner, idleArchiveAfter);
        this.fileReads = new FileReads(engine, limits);
        this.namespace = new NamespaceWrites(engine);
        this.content = new ContentWrites(engine, limits);
        this.batches = new Batches(engine, limits);
        this.posixLocks = new PosixLocks(engine);
        this.fileLocks = new FileLocks(engine, limits);
        this.lockExpiry = new LockSweeper(engine, expirySweepInterval);
        this.checkpoints = new Checkpoints(engine, limits);
        this.commits = new Commits(engine, limits);
        this.diffs = new Diffs(engine, limits, checkpoints, commits);
        this.merges = new Merges(engine);
        this.events = new EventLog(engine, limits);
        this.exports = new Exports(engine);
        this.syncs = new Syncs(engine, limits);
        this.expiry = new ExpirySweeper(engine, expirySweepInterval);
        this.bus = new MessageBus(engine, notifier, busSettings);
        this.approvals = new Approvals(engine, limits);
        this.annotations = new Annotations(engine, limits);
        engine.watchFingerprints(ApprovalGate.STALENESS);
        this.cache = new KnowledgeCache(engine, limits, Duration.ofSeconds(5));
        this.secrets = new Secrets(engine, limits, secretKeys);
        this.health = new HealthReports(engine);
        this.toolCalls = new ToolCalls(engine, limits);
        this.analytics = new Analytics(engine, toolCalls);
        this.cas = new CasStats(engine, limits);
        this.usageMeter = new UsageMeter(engine);
        this.usage = new UsageReports(engine, cas, usageMeter);
        jobRunner.start();
    }

    public Engine engine() {
        return engine;
    }

    public Limits limits() {
        return limits;
    }

    public SessionService sessions() {
        return sessions;
    }

    public Transitions transitions() {
        return transitions;
    }

    public FileReads fileReads() {
        return fileReads;
    }

    public NamespaceWrites namespace() {
        return namespace;
    }

    public ContentWrites content() {
        return content;
    }

    public Batches batches() {
        return batches;
    }

    public PosixLocks posixLocks() {
        return posixLocks;
    }

    public FileLocks fileLocks() {
        return fileLocks;
    }

    public LockSweeper lockExpiry() {
        return lockExpiry;
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    public Commits commits() {
        return commits;
    }

    public Diffs diffs() {
        return diffs;
    }

    public Merges merges() {
        return merges;
    }

    public EventLog events() {
        return events;
    }

    public Exports exports() {
        return exports;
    }

    public Syncs syncs() {
        return syncs;
    }

    public ExpirySweeper expiry() {
        return expiry;
    }

    public MessageBus bus() {
        return bus;
    }

    public KnowledgeCache cache() {
        return cache;
    }

    public Secrets secrets() {
        return secrets;
    }

    public HealthReports health() {
        return health;
    }

    public JobRunner jobRunner() {
        return jobRunner;
    }

    public Approvals approvals() {
        return approvals;
    }

    public Annotations annotations() {
        return annotations;
    }

    public ToolCalls toolCalls() {
        return toolCalls;
    }

    public Analytics analytics() {
        return analytics;
    }

    public CasStats cas() {
        return cas;
    }

    /** Returns this node's count of API traffic per tenant, which the transports feed. */
    public UsageMeter usageMeter() {
        return usageMeter;
    }

    public UsageReports usage() {
        return usage;
    }

    public Sources sources() {
        return sources.sources();
    }

    public SourceUploads sourceUploads() {
        return sources.uploads();
    }

    public SourceImports sourceImports() {
        return sources.imports();
    }

    public Promotions promotions() {
        return sources.promotions();
    }

    public SourceEventLog sourceEvents() {
        return sources.events();
    }

    /**
     * Stops background work (running jobs get a short grace, then are handed back) and ends bus streams;
     * the engine, notifier and job queue are closed by their owner.
     */
    @Override
    public void close() {
        bus.close();
        cache.close();
        expiry.close();
        lockExpiry.close();
        jobRunner.close();
        usageMeter.close();
    }
}
