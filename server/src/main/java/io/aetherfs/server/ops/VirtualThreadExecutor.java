package io.aetherfs.server.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's blocking task executor: every task runs on its own virtual thread, so blocking
 * handlers never tie up a pool; one platform timer thread only keeps delays and hands tasks over.
 */
public final class VirtualThreadExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    private final ExecutorService threads;
    private final ScheduledThreadPoolExecutor timer;

    public VirtualThreadExecutor(String threadNamePrefix) {
        this.threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(threadNamePrefix, 0).factory());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadNamePrefix + "timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable command) {
        threads.execute(command);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(Executors.callable(command, null), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        HandOff<V> task = new HandOff<>(callable);
        task.timerFuture = timer.schedule(() -> threads.execute(task), delay, unit);
        return task;
    }

    /** A run still in progress when the next is due makes that next run be skipped. */
    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return timer.scheduleAtFixedRate(handOffPeriodic(command), initialDelay, period, unit);
    }

    /** A run still in progress when the next is due makes that next run be skipped. */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return timer.scheduleWithFixedDelay(handOffPeriodic(command), initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        timer.shutdown();
        threads.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> pending = new ArrayList<>(timer.shutdownNow());
        pending.addAll(threads.shutdownNow());
        return pending;
    }

    @Override
    public boolean isShutdown() {
        return threads.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return timer.isTerminated() && threads.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return timer.awaitTermination(timeout, unit)
                && threads.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private Runnable handOffPeriodic(Runnable command) {
        AtomicBoolean running = new AtomicBoolean();
        return () -> {
            if (running.compareAndSet(false, true)) {
                threads.execute(() -> {
                    try {
                        command.run();
                    } finally {
                        running.set(false);
                    }
                });
            }
        };
    }

    /** A delayed task: its delay is kept by the timer, its result by this future once a virtual thread ran it. */
    private static final class HandOff<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private volatile ScheduledFuture<?> timerFuture;

        HandOff(Callable<V> callable) {
            super(callable);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            ScheduledFuture<?> f = timerFuture;
            return f == null ? 0 : f.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            ScheduledFuture<?> f = timerFuture;
            if (f != null) {
                f.cancel(false);
            }
            return super.cancel(mayInterruptIfRunning);
        }
    }
}
