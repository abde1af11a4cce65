package io.aetherfs.fuse.internal;

import io.aetherfs.fuse.Errno;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A session's bounded set of {@link Worker}s and its watchdog. The watchdog answers EIO for an operation
 * that has run longer than the callback timeout and, so the mount keeps its capacity, starts a replacement
 * worker (at most as many extra workers as regular ones); the hung worker leaves once its operation returns.
 */
final class WorkerPool {

    private static final System.Logger LOG = System.getLogger("io.aetherfs.fuse");

    private final SessionCore core;
    private final int size;
    private final long timeoutNanos;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> allGone = new CompletableFuture<>();
    private Thread watchdog;
    private int started;

    WorkerPool(SessionCore core, int size, Duration callbackTimeout) {
        this.core = core;
        this.size = size;
        this.timeoutNanos = callbackTimeout.isZero() ? 0 : callbackTimeout.toNanos();
    }

    /** Starts the workers and the watchdog. */
    synchronized void start() {
        for (int i = 0; i < size; i++) {
            startWorker();
        }
        if (timeoutNanos > 0) {
            watchdog =
                    Thread.ofPlatform().daemon().name(core.name() + "-watchdog").start(this::watch);
        }
    }

    private void startWorker() {
        Worker w = new Worker(core, this, core.name() + "-worker-" + started++);
        workers.add(w);
        w.start();
    }

    /** Called by a worker as it leaves; the last one out ends the session. */
    void exited(Worker w) {
        workers.remove(w);
        if (workers.isEmpty()) {
            if (watchdog != null) {
                watchdog.interrupt();
            }
            allGone.complete(null);
            core.workersGone();
        }
    }

    /** Waits up to {@code timeout} for every worker to leave; returns whether they all did. */
    boolean await(Duration timeout) throws InterruptedException {
        try {
            allGone.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Completes when every worker has left. */
    CompletableFuture<Void> gone() {
        return allGone;
    }

    /** Returns how many workers are running (hung ones included). */
    int running() {
        return workers.size();
    }

    private void watch() {
        long tick =
                Math.max(TimeUnit.MILLISECONDS.toNanos(20), Math.min(timeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        while (!allGone.isDone()) {
            try {
                TimeUnit.NANOSECONDS.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Worker w : workers) {
                NativeReply r = w.current();
                if (r != null && now - w.since() > timeoutNanos && !r.isAnswered()) {
                    hung(w, r);
                }
            }
        }
    }

    private void hung(Worker w, NativeReply r) {
        LOG.log(
                Level.WARNING,
                "fuse: {0} did not return within {1} ms on {2}; answered EIO",
                r.op,
                Long.toString(TimeUnit.NANOSECONDS.toMillis(timeoutNanos)),
                w.getName());
        core.counters().timeouts.increment();
        r.error(Errno.EIO);
        synchronized (this) {
            if (!w.retired() && workers.size() < 2 * size && !allGone.isDone() && !core.ending()) {
                w.retire();
                startWorker();
            }
        }
    }
}
