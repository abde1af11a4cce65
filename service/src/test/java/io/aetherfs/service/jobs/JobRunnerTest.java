package io.aetherfs.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.testkit.Await;
import io.aetherfs.testkit.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job runner over the in-memory queue: running, retrying, giving up, leases, sweeps and stopping. */
class JobRunnerTest {
    private static final TenantId TENANT = TenantId.parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static final String KIND = "test.work";
    /** Short intervals, so a test sees many polls and lease periods within a second. */
    private static final JobRunnerSettings FAST = new JobRunnerSettings(
            Duration.ofMillis(20),
            Duration.ofMillis(600),
            4,
            Duration.ofMillis(20),
            Duration.ofMillis(80),
            Duration.ofMillis(50),
            Duration.ofMillis(200));

    private final List<JobRunner> runners = new ArrayList<>();
    private JobQueue queue = new InMemoryJobQueue();

    @AfterEach
    void stop() {
        runners.forEach(JobRunner::close);
    }

    private JobRunner runner(JobRunnerSettings settings, Clock clock, JobHandler... handlers) {
        JobRunner r = new JobRunner(queue, clock, "node-under-test", settings);
        for (JobHandler h : handlers) {
            r.register(h);
        }
        runners.add(r);
        return r;
    }

    private JobRunner started(JobHandler... handlers) {
        JobRunner r = runner(FAST, Clock.systemUTC(), handlers);
        r.start();
        return r;
    }

    private Job enqueue(String subject) {
        return queue.enqueue(TENANT, KIND, subject, new byte[0], Instant.EPOCH);
    }

    private boolean finished(String subject) {
        return queue.find(TENANT, KIND, subject).isEmpty();
    }

    @Test
    void submit_runsTheJobOnceAndCompletesIt() throws Exception {
        Recording handler = new Recording(0);
        JobRunner r = started(handler);
        r.submit(TENANT, KIND, "s1", new byte[] {7});
        await(() -> finished("s1"));
        assertThat(handler.runs).hasSize(1);
        assertThat(handler.runs.getFirst().payload()).containsExactly(7);
        assertThat(handler.runs.getFirst().attempts()).isEqualTo(1);
    }

    @Test
    void failingAttempts_areRetriedWithBackoff_untilOneSucceeds() throws Exception {
        Recording handler = new Recording(2);
        started(handler);
        enqueue("s1");
        await(() -> finished("s1"));
        assertThat(handler.runs).extracting(Job::attempts).containsExactly(1, 2, 3);
        assertThat(handler.runs.get(2).lastError()).isEqualTo("failure 2");
        assertThat(handler.abandoned).isEmpty();
    }

    @Test
    void lastAttemptFailing_abandonsTheJobAndCompletesIt() throws Exception {
        Recording handler = new Recording(Integer.MAX_VALUE);
        started(handler);
        enqueue("s1");
        await(() -> finished("s1"));
        assertThat(handler.runs).hasSize(3);
        assertThat(handler.abandoned).containsExactly("failure 3");
    }

    @Test
    void failingAbandon_keepsTheJobForAnotherTry() throws Exception {
        Recording handler = new Recording(Integer.MAX_VALUE) {
            @Override
            public void abandon(Job job, Exception last) {
                super.abandon(job, last);
                if (abandoned.size() == 1) {
                    throw new IllegalStateException("store down");
                }
            }
        };
        started(handler);
        enqueue("s1");
        await(() -> finished("s1"));
        assertThat(handler.abandoned).hasSize(2);
        assertThat(handler.runs).hasSize(4);
    }

    @Test
    void longJob_keepsItsLeaseRenewed_soNoOtherNodeTakesIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Blocking handler = new Blocking(release);
        started(handler);
        enqueue("s1");
        handler.started.await(5, TimeUnit.SECONDS);
        long until = System.nanoTime() + FAST.lease().multipliedBy(4).toNanos();
        while (System.nanoTime() < until) {
            assertThat(queue.claim("other-node", Set.of(KIND), 1, FAST.lease()))
                    .as("claims of another node while the job runs")
                    .isEmpty();
            Thread.sleep(25); // not a wait for something: the test keeps trying to claim the job for 4 leases
        }
        release.countDown();
        await(() -> finished("s1"));
        assertThat(handler.attempts).containsExactly(1);
    }

    @Test
    void jobOfADeadClaimer_isTakenOverOnceItsLeaseRunsOut() throws Exception {
        Recording handler = new Recording(0);
        JobRunner r = runner(FAST, Clock.systemUTC(), handler);
        enqueue("s1");
        // claimed by a node that never renews: it died
        assertThat(queue.claim("dead-node", Set.of(KIND), 1, Duration.ofMillis(200)))
                .hasSize(1);
        r.start();
        await(() -> finished("s1"));
        assertThat(handler.runs).hasSize(1);
        assertThat(handler.runs.getFirst().attempts()).isEqualTo(2);
        assertThat(handler.runs.getFirst().owner()).isEqualTo("node-under-test");
    }

    @Test
    void lostLease_interruptsTheHandler_andLeavesTheJobToTheNewClaimer() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
        queue = new InMemoryJobQueue(clock);
        CountDownLatch never = new CountDownLatch(1);
        Blocking handler = new Blocking(never);
        // a long poll interval: the loop only renews when the test wakes it
        JobRunnerSettings slowPoll = new JobRunnerSettings(
                Duration.ofMinutes(1),
                Duration.ofMinutes(30),
                4,
                Duration.ofMillis(20),
                Duration.ofMillis(80),
                Duration.ofMinutes(5),
                Duration.ofMillis(200));
        JobRunner r = runner(slowPoll, clock, handler);
        r.start();
        enqueue("s1");
        r.wake();
        assertThat(handler.started.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(slowPoll.lease());
        Job taken = queue.claim("other-node", Set.of(KIND), 1, slowPoll.lease()).getFirst();
        r.wake();
        assertThat(handler.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        await(() -> r.runningJobs() == 0); // the runner is done with the job it lost...
        Job stored = queue.find(TENANT, KIND, "s1").orElseThrow(); // ...without completing or handing it back
        assertThat(stored.owner()).isEqualTo("other-node");
        assertThat(stored.attempts()).isEqualTo(taken.attempts()).isEqualTo(2);
        assertThat(queue.complete(taken)).isTrue();
    }

    @Test
    void close_handsBackJobsStillRunningAfterTheGrace() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Blocking handler = new Blocking(never);
        JobRunner r = started(handler);
        enqueue("s1");
        assertThat(handler.started.await(5, TimeUnit.SECONDS)).isTrue();
        r.close();
        assertThat(handler.interrupted.getCount()).isZero();
        Job stored = queue.find(TENANT, KIND, "s1").orElseThrow();
        assertThat(stored.owner()).as("free for another node at once").isNull();
        assertThat(stored.dueAt()).isBeforeOrEqualTo(Instant.now());
        assertThat(stored.lastError()).startsWith("released by a stopping node");
    }

    @Test
    void runner_claimsOnlyKindsItHasHandlersFor() throws Exception {
        Recording handler = new Recording(0);
        started(handler);
        queue.enqueue(TENANT, "test.unknown", "u", new byte[0], Instant.EPOCH);
        enqueue("s1");
        await(() -> finished("s1"));
        Job unknown = queue.find(TENANT, "test.unknown", "u").orElseThrow();
        assertThat(unknown.attempts()).isZero();
        assertThat(unknown.owner()).isNull();
    }

    @Test
    void runner_runsAtMostMaxConcurrentJobsAtOnce() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        JobHandler handler = new JobHandler() {
            @Override
            public String kind() {
                return KIND;
            }

            @Override
            public void run(Job job) throws InterruptedException {
                peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                Thread.sleep(50); // the job's own work, so runs overlap
                now.decrementAndGet();
            }
        };
        started(handler);
        for (int i = 0; i < 12; i++) {
            enqueue("s" + i);
        }
        await(() -> {
            for (int i = 0; i < 12; i++) {
                if (!finished("s" + i)) {
                    return false;
                }
            }
            return true;
        });
        assertThat(peak.get()).isBetween(2, FAST.maxConcurrent());
    }

    @Test
    void sweeps_runAtStartAndThenPeriodically() throws Exception {
        AtomicInteger sweeps = new AtomicInteger();
        JobRunner r = runner(FAST, Clock.systemUTC(), new Recording(0));
        r.addSweep(sweeps::incrementAndGet);
        r.addSweep(() -> {
            throw new IllegalStateException("a failing sweep does not stop the others");
        });
        r.start();
        await(() -> sweeps.get() >= 3);
    }

    @Test
    void retryDelay_doublesFromTheBaseUpToTheCap() {
        assertThat(FAST.retryDelay(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(FAST.retryDelay(2)).isEqualTo(Duration.ofMillis(40));
        assertThat(FAST.retryDelay(3)).isEqualTo(Duration.ofMillis(80));
        assertThat(FAST.retryDelay(4)).isEqualTo(Duration.ofMillis(80));
        assertThat(FAST.retryDelay(1000)).isEqualTo(Duration.ofMillis(80));
    }

    /** Waits up to 10 s for {@code condition}, failing the test if it never holds. */
    private static void await(BooleanSupplier condition) {
        Await.until(Duration.ofSeconds(10), "condition within 10 s", condition);
    }

    /** A handler that records its runs and fails the first {@code failures} of them. */
    private static class Recording implements JobHandler {
        final List<Job> runs = new CopyOnWriteArrayList<>();
        final List<String> abandoned = new CopyOnWriteArrayList<>();
        private final int failures;

        Recording(int failures) {
            this.failures = failures;
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public int maxAttempts() {
            return 3;
        }

        @Override
        public void run(Job job) {
            runs.add(job);
            if (runs.size() <= failures) {
                throw new IllegalStateException("failure " + runs.size());
            }
        }

        @Override
        public void abandon(Job job, Exception last) {
            abandoned.add(last.getMessage());
        }
    }

    /** A handler that blocks until released, noting when it started and whether it was interrupted. */
    private static final class Blocking implements JobHandler {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        private final CountDownLatch release;

        Blocking(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public void run(Job job) throws InterruptedException {
            attempts.add(job.attempts());
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }
    }
}
