package io.aetherfs.service.jobs;

import io.aetherfs.core.spi.Job;
import java.time.Instant;

/** One claimed job a {@link JobRunner} is running: its claim, its thread, and its lease bookkeeping. */
final class RunningJob {
    final Job claim;
    final JobHandler handler;
    private Thread thread;
    private Instant renewedAt;
    private volatile boolean lost;
    private volatile boolean released;

    RunningJob(Job claim, JobHandler handler, Instant claimedAt) {
        this.claim = claim;
        this.handler = handler;
        this.renewedAt = claimedAt;
    }

    synchronized void started(Thread t) {
        this.thread = t;
    }

    /** Returns when the lease was last taken or renewed (read and written by the runner's loop only). */
    Instant renewedAt() {
        return renewedAt;
    }

    void renewed(Instant at) {
        renewedAt = at;
    }

    /** Marks the claim as taken by another node (the lease ran out) and interrupts the work. */
    void lose() {
        lost = true;
        interrupt();
    }

    /** Returns whether another node may now hold the job, so this node must not complete it. */
    boolean lost() {
        return lost;
    }

    /** Marks the claim as handed back by the stopping runner and interrupts the work. */
    void release() {
        released = true;
        interrupt();
    }

    boolean released() {
        return released;
    }

    private synchronized void interrupt() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
