package io.aetherfs.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtualThreadExecutorTest {
    private final VirtualThreadExecutor executor = new VirtualThreadExecutor("test-");

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void execute_runsOnVirtualThread() throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();

        executor.execute(() -> thread.complete(Thread.currentThread()));

        assertThat(thread.get(5, TimeUnit.SECONDS).isVirtual()).isTrue();
    }

    @Test
    void schedule_callable_runsAfterDelayOnVirtualThreadWithResult() throws Exception {
        long start = System.nanoTime();

        ScheduledFuture<Boolean> f =
                executor.schedule(() -> Thread.currentThread().isVirtual(), 50, TimeUnit.MILLISECONDS);

        assertThat(f.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void schedule_cancelled_neverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        ScheduledFuture<?> f = executor.schedule(runs::incrementAndGet, 200, TimeUnit.MILLISECONDS);
        f.cancel(false);
        Thread.sleep(400); // that it never runs is the behaviour under test: give it twice its delay

        assertThat(f.isCancelled()).isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void scheduleAtFixedRate_runsRepeatedly() throws Exception {
        CountDownLatch three = new CountDownLatch(3);

        ScheduledFuture<?> f = executor.scheduleAtFixedRate(three::countDown, 0, 10, TimeUnit.MILLISECONDS);

        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        f.cancel(false);
    }

    @Test
    void shutdown_waitsForRunningTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        executor.execute(() -> {
            started.countDown();
            sleep(100); // a task still running when shutdown starts
        });
        started.await();

        executor.shutdown();

        assertThat(executor.isShutdown()).isTrue();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.isTerminated()).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
