package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.TENANT_A;
import static io.aetherfs.testkit.TestValues.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.core.spi.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The multi-threaded workloads of the {@link JobQueue} contract: claimers of several nodes racing over
 * the same jobs, and enqueuers racing on one subject. Leases are long, so every claim holds.
 */
final class JobQueueConcurrencyChecks {
    private static final String KIND = "test.race";
    private static final Set<String> KINDS = Set.of(KIND);
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final int NODES = 2;
    private static final int THREADS_PER_NODE = 4;

    private JobQueueConcurrencyChecks() {}

    /**
     * Enqueues {@code jobs} jobs, then lets {@value #THREADS_PER_NODE} threads on each of
     * {@value #NODES} nodes claim a few at a time until none is left; every job must be claimed by exactly
     * one of them, at its first attempt, and completing them all must leave the queue empty.
     */
    static void claimEachExactlyOnce(JobQueue first, Supplier<JobQueue> nodes, int jobs) throws Exception {
        Set<JobId> enqueued = new HashSet<>();
        for (int i = 0; i < jobs; i++) {
            enqueued.add(first.enqueue(
                            i % 2 == 0 ? TENANT_A : TENANT_B, KIND, "job-" + i, new byte[] {(byte) i}, Instant.EPOCH)
                    .id());
        }
        assertThat(enqueued).hasSize(jobs);
        List<JobQueue> queues = new ArrayList<>(List.of(first));
        for (int n = 1; n < NODES; n++) {
            queues.add(nodes.get());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Job>>> claimers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(NODES * THREADS_PER_NODE)) {
            for (int n = 0; n < NODES; n++) {
                for (int t = 0; t < THREADS_PER_NODE; t++) {
                    JobQueue q = queues.get(n);
                    String owner = "node-" + n + "/claimer-" + t;
                    claimers.add(pool.submit(claimer(q, owner, start)));
                }
            }
            start.countDown();
        }
        List<Job> claimed = new ArrayList<>();
        for (Future<List<Job>> f : claimers) {
            claimed.addAll(f.get());
        }
        assertThat(claimed).extracting(Job::id).doesNotHaveDuplicates();
        assertThat(claimed).extracting(Job::id).containsExactlyInAnyOrderElementsOf(enqueued);
        assertThat(claimed).allSatisfy(j -> assertThat(j.attempts()).isEqualTo(1));
        assertThat(first.claim("late", KINDS, jobs, LEASE))
                .as("every lease still holds")
                .isEmpty();
        for (int i = 0; i < claimed.size(); i++) {
            assertThat(queues.get(i % queues.size()).complete(claimed.get(i))).isTrue();
        }
        for (int i = 0; i < jobs; i++) {
            assertThat(first.find(i % 2 == 0 ? TENANT_A : TENANT_B, KIND, "job-" + i))
                    .isEmpty();
        }
    }

    private static Callable<List<Job>> claimer(JobQueue q, String owner, CountDownLatch start) {
        return () -> {
            start.await();
            List<Job> mine = new ArrayList<>();
            while (true) {
                List<Job> batch = q.claim(owner, KINDS, 3, LEASE);
                if (batch.isEmpty()) {
                    return mine;
                }
                assertThat(batch).hasSizeLessThanOrEqualTo(3).allSatisfy(j -> assertThat(j.owner())
                        .isEqualTo(owner));
                mine.addAll(batch);
            }
        };
    }

    /** Lets 8 threads on {@value #NODES} nodes enqueue the same subject at once; all must get one job. */
    static void enqueueOnce(JobQueue first, Supplier<JobQueue> nodes) throws Exception {
        List<JobQueue> queues = new ArrayList<>(List.of(first));
        for (int n = 1; n < NODES; n++) {
            queues.add(nodes.get());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JobId>> enqueuers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                JobQueue q = queues.get(t % queues.size());
                byte[] payload = {(byte) t};
                enqueuers.add(pool.submit(() -> {
                    start.await();
                    return q.enqueue(TENANT_A, KIND, "contested", payload, Instant.EPOCH)
                            .id();
                }));
            }
            start.countDown();
        }
        Set<JobId> ids = new HashSet<>();
        for (Future<JobId> f : enqueuers) {
            ids.add(f.get());
        }
        assertThat(ids).hasSize(1);
        assertThat(first.claim("node", KINDS, 10, LEASE)).hasSize(1);
    }
}
