package io.aetherfs.service.jobs;

import io.aetherfs.core.spi.Job;

/**
 * What a {@link JobRunner} does with the jobs of one kind. A job may run more than once (its claimer can
 * die after the work but before completing it, or lose its lease), so {@link #run} must re-read the state
 * it acts on and do nothing when the work is already done. Handlers are called on virtual threads,
 * several jobs at once; an interrupt means the runner is stopping or lost the claim.
 */
public interface JobHandler {
    /** Returns the kind of job this handler runs (see {@link io.aetherfs.core.spi.JobQueue}). */
    String kind();

    /** Returns how many attempts a job gets before {@link #abandon} is called; each claim is one. */
    default int maxAttempts() {
        return 10;
    }

    /** Does the work of {@code job}; returning completes it, throwing hands it back for a later attempt. */
    void run(Job job) throws Exception;

    /**
     * Records that {@code job} failed for good after its last attempt failed with {@code last} (for example
     * by moving the subject to a failed state with an event); the job is then completed. Throwing keeps
     * the job for another attempt, which gives up again.
     */
    default void abandon(Job job, Exception last) {}
}
