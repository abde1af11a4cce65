package io.aetherfs.service.jobs;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.core.spi.JobQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job runner of one server node: claims due jobs of its registered kinds from the shared
 * {@link JobQueue}, runs each on a virtual thread (at most {@code maxConcurrent} at once), renews their
 * leases while they run, completes them or hands them back with a capped exponential backoff, and runs
 * the registered sweeps that re-enqueue jobs whose enqueue may have been lost. Every node runs one; a
 * job whose node died is claimed again by any node once its lease runs out.
 *
 * <p>One loop thread does the claiming, renewing and sweeping; it wakes every {@code pollInterval}, or
 * at once after {@link #wake()} (a local enqueue) or when a running job ends. {@link #close()} stops
 * claiming, waits {@code closeGrace} for running jobs, then interrupts the rest and hands their claims
 * back so another node takes them at once.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobQueue queue;
    private final Clock clock;
    private final String owner;
    private final JobRunnerSettings settings;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> sweeps = new CopyOnWriteArrayList<>();
    private final Map<JobId, RunningJob> running = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final Semaphore wakeups = new Semaphore(0);
    private Thread loop;
    private volatile boolean closed;

    /** Returns a runner over {@code queue} that claims as {@code owner} (unique per node and process). */
    public JobRunner(JobQueue queue, Clock clock, String owner, JobRunnerSettings settings) {
        this.queue = queue;
        this.clock = clock;
        this.owner = owner;
        this.settings = settings;
        this.slots = new Semaphore(settings.maxConcurrent());
    }

    /** Returns an owner name for this process: host, process id and a random suffix. */
    public static String defaultOwner() {
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            host = "host";
        }
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        return host + "/" + ProcessHandle.current().pid() + "/" + suffix;
    }

    /** Registers the handler of one job kind; only before {@link #start()}. */
    public synchronized void register(JobHandler handler) {
        if (loop != null) {
            throw new IllegalStateException("job handlers are registered before the runner starts");
        }
        if (handlers.putIfAbsent(handler.kind(), handler) != null) {
            throw new IllegalStateException("a handler of job kind " + handler.kind() + " is already registered");
        }
    }

    /** Adds a sweep, run when the runner starts and every {@code sweepInterval}; only before {@link #start()}. */
    public synchronized void addSweep(Runnable sweep) {
        if (loop != null) {
            throw new IllegalStateException("sweeps are added before the runner starts");
        }
        sweeps.add(sweep);
    }

    /** Starts the loop thread. */
    public synchronized void start() {
        if (loop == null && !closed) {
            loop = Thread.ofVirtual().name("afs-jobs").start(this::loop);
        }
    }

    /**
     * Enqueues a job due now (or returns the unfinished one of the same subject) and wakes this node's
     * loop, so the job usually runs here at once. Throws what {@link JobQueue#enqueue} throws.
     */
    public Job submit(TenantId tenant, String kind, String subject, byte[] payload) {
        Job job = queue.enqueue(tenant, kind, subject, payload, clock.instant());
        wake();
        return job;
    }

    /** Makes the loop claim now instead of at its next poll. */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Returns the queue this runner claims from. */
    public JobQueue queue() {
        return queue;
    }

    /** Returns how many claimed jobs this runner is running now. */
    public int runningJobs() {
        return running.size();
    }

    /** Returns the owner name this runner claims as. */
    public String owner() {
        return owner;
    }

    private void loop() {
        Instant nextSweep = Instant.MIN;
        Duration wait = min(settings.pollInterval(), settings.lease().dividedBy(3));
        while (!closed) {
            try {
                if (!clock.instant().isBefore(nextSweep)) {
                    sweep();
                    nextSweep = clock.instant().plus(settings.sweepInterval());
                }
                renewLeases();
                claimAndStart();
            } catch (RuntimeException e) {
                log.warn("job runner {}: polling the job queue failed, retrying: {}", owner, e.getMessage());
            }
            try {
                if (wakeups.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sweep() {
        for (Runnable s : sweeps) {
            try {
                s.run();
            } catch (RuntimeException e) {
                log.warn("job runner {}: a sweep failed, retrying at the next one: {}", owner, e.getMessage());
            }
        }
    }

    private void renewLeases() {
        Instant now = clock.instant();
        Duration every = settings.lease().dividedBy(3);
        for (RunningJob r : running.values()) {
            if (r.lost() || Duration.between(r.renewedAt(), now).compareTo(every) < 0) {
                continue;
            }
            try {
                if (queue.renew(r.claim, settings.lease())) {
                    r.renewed(now);
                } else if (running.containsKey(r.claim.id())) { // not just completed by its own thread
                    log.warn("job {}: lease lost to another node while running; stopping it here", r.claim);
                    r.lose();
                }
            } catch (RuntimeException e) {
                log.warn("job {}: renewing its lease failed, retrying: {}", r.claim, e.getMessage());
            }
        }
    }

    private void claimAndStart() {
        int free = slots.availablePermits();
        if (free == 0 || handlers.isEmpty() || closed) {
            return;
        }
        Set<String> kinds = Set.copyOf(handlers.keySet());
        List<Job> claimed = queue.claim(owner, kinds, free, settings.lease());
        Instant now = clock.instant();
        for (Job job : claimed) {
            slots.acquireUninterruptibly(); // only this loop takes slots, and it saw them free
            RunningJob r = new RunningJob(job, handlers.get(job.kind()), now);
            running.put(job.id(), r);
            if (job.attempts() > 1) {
                log.info("job {}: claimed again (last error: {})", job, job.lastError());
            } else {
                log.debug("job {}: claimed", job);
            }
            r.started(Thread.ofVirtual().name("afs-job-" + job.kind()).start(() -> execute(r)));
        }
    }

    private void execute(RunningJob r) {
        long started = System.nanoTime();
        try {
            Exception failure = null;
            try {
                r.handler.run(r.claim);
            } catch (Exception e) {
                failure = e;
            }
            Thread.interrupted(); // an interrupt was meant for the handler, not for the queue calls below
            if (failure == null) {
                finish(r, started);
            } else {
                failed(r, failure);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "job {}: could not record its outcome in the job queue; it runs again once its lease runs out: {}",
                    r.claim,
                    e.getMessage());
        } catch (Error e) {
            log.error("job {}: handler crashed; it runs again once its lease runs out", r.claim, e);
            throw e;
        } finally {
            running.remove(r.claim.id());
            slots.release();
            wake();
        }
    }

    private void finish(RunningJob r, long startedNanos) {
        if (r.lost()) {
            log.info("job {}: finished after its lease was lost; leaving it to the new claimer", r.claim);
            return;
        }
        boolean completed = queue.complete(r.claim);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        if (completed) {
            log.debug("job {}: done in {} ms", r.claim, millis);
        } else {
            log.warn("job {}: done in {} ms, but another node claimed it meanwhile", r.claim, millis);
        }
    }

    private void failed(RunningJob r, Exception e) {
        Job job = r.claim;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (r.lost()) {
            log.info("job {}: stopped after its lease was lost: {}", job, message);
        } else if (r.released() || closed) {
            queue.retryLater(job, clock.instant(), "released by a stopping node: " + message);
            log.info("job {}: handed back by the stopping node", job);
        } else if (job.attempts() >= r.handler.maxAttempts()) {
            giveUp(r, e, message);
        } else {
            Duration delay = settings.retryDelay(job.attempts());
            queue.retryLater(job, clock.instant().plus(delay), message);
            log.warn("job {}: attempt failed, retrying in {} s: {}", job, delay.toSeconds(), message, e);
        }
    }

    private void giveUp(RunningJob r, Exception e, String message) {
        Job job = r.claim;
        try {
            r.handler.abandon(job, e);
        } catch (RuntimeException again) {
            Duration delay = settings.retryDelay(job.attempts());
            queue.retryLater(job, clock.instant().plus(delay), message);
            log.error(
                    "job {}: failed for good, but recording the failure failed too; retrying in {} s",
                    job,
                    delay.toSeconds(),
                    again);
            return;
        }
        queue.complete(job);
        log.error("job {}: failed for good after {} attempts: {}", job, job.attempts(), message, e);
    }

    /** Stops claiming, lets running jobs finish within the close grace, then hands the rest back. */
    @Override
    public void close() {
        Thread l;
        synchronized (this) {
            closed = true;
            l = loop;
        }
        if (l != null) {
            l.interrupt();
            join(l, Duration.ofSeconds(5));
        }
        if (!awaitIdle(settings.closeGrace())) {
            List<RunningJob> left = new ArrayList<>(running.values());
            log.info("job runner {}: handing back {} running jobs", owner, left.size());
            left.forEach(RunningJob::release);
            if (!awaitIdle(Duration.ofSeconds(1))) {
                for (RunningJob r : running.values()) {
                    try {
                        queue.retryLater(r.claim, clock.instant(), "released by a stopping node");
                    } catch (RuntimeException e) {
                        log.warn("job {}: could not hand it back; it is taken over when its lease runs out", r.claim);
                    }
                }
            }
        }
    }

    private boolean awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running.isEmpty();
            }
        }
        return running.isEmpty();
    }

    private static void join(Thread t, Duration limit) {
        try {
            t.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
