package io.aetherfs.service.jobs;

import java.time.Duration;

/**
 * How a node's {@link JobRunner} polls and leases: it claims due jobs every {@code pollInterval} (and at
 * once when woken), holds each under a lease of {@code lease} renewed every third of it, runs at most
 * {@code maxConcurrent} jobs at once, hands failed jobs back after {@code retryBase} doubling per attempt
 * up to {@code retryCap}, runs its sweeps every {@code sweepInterval}, and on close waits
 * {@code closeGrace} for running jobs before releasing their claims.
 */
public record JobRunnerSettings(
        Duration pollInterval,
        Duration lease,
        int maxConcurrent,
        Duration retryBase,
        Duration retryCap,
        Duration sweepInterval,
        Duration closeGrace) {
    /**
     * The server's settings: a dead node's jobs are taken over about 30 s after its last renewal, and an
     * idle node asks the queue once a second.
     */
    public static final JobRunnerSettings DEFAULT = new JobRunnerSettings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            8,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5));

    public JobRunnerSettings {
        for (Duration d : new Duration[] {pollInterval, lease, retryBase, retryCap, sweepInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("job runner intervals must be positive");
            }
        }
        if (closeGrace == null || closeGrace.isNegative()) {
            throw new IllegalArgumentException("the job runner's close grace must not be negative");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("a job runner runs at least one job at a time");
        }
    }

    /** Returns the wait before the attempt after attempt {@code attempts} failed: doubling, capped. */
    public Duration retryDelay(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration d = retryBase.multipliedBy(1L << doublings);
        return d.compareTo(retryCap) > 0 ? retryCap : d;
    }
}
