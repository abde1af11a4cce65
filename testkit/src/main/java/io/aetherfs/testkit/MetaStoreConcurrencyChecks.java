package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.longBytes;
import static io.aetherfs.testkit.TestValues.toLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The multi-threaded workloads of the {@link MetaStore} contract: atomic visibility and serializable writers. */
final class MetaStoreConcurrencyChecks {
    private static final long TOTAL = 1000;
    private static final String A = "acct/a";
    private static final String B = "acct/b";

    private MetaStoreConcurrencyChecks() {}

    /**
     * Runs one writer that keeps moving an amount between two keys in one transaction and two readers
     * that check, for {@code millis}, that the two keys always add up (by get and by scan).
     */
    static void readersSeeWholeTransactions(MetaStore store, TenantId tenant, long millis) throws Exception {
        store.write(tx -> {
            tx.put(tenant, A, longBytes(TOTAL));
            tx.put(tenant, B, longBytes(0));
            return null;
        });
        long deadline = System.nanoTime() + millis * 1_000_000;
        Random random = new Random(42);
        Callable<Integer> writer = () -> {
            int commits = 0;
            while (System.nanoTime() < deadline) {
                store.write(tx -> {
                    long a = toLong(tx.get(tenant, A).orElseThrow());
                    long b = toLong(tx.get(tenant, B).orElseThrow());
                    long amount = random.nextInt(201) - 100;
                    tx.put(tenant, A, longBytes(a - amount));
                    tx.put(tenant, B, longBytes(b + amount));
                    return null;
                });
                commits++;
            }
            return commits;
        };
        Callable<Integer> reader = () -> {
            int reads = 0;
            while (System.nanoTime() < deadline) {
                long byGet = store.read(tx -> toLong(tx.get(tenant, A).orElseThrow())
                        + toLong(tx.get(tenant, B).orElseThrow()));
                long byScan = store.read(tx -> sum(tx.scan(tenant, KeyRange.prefix("acct/"), 10)));
                assertThat(byGet).as("a + b read by get").isEqualTo(TOTAL);
                assertThat(byScan).as("a + b read by scan").isEqualTo(TOTAL);
                reads++;
            }
            return reads;
        };
        List<Integer> counts = runAll(List.of(writer, reader, reader));
        assertThat(counts.getFirst()).as("writer commits").isPositive();
        assertThat(counts.subList(1, counts.size())).as("reader rounds").allSatisfy(n -> assertThat(n)
                .isPositive());
        long finalSum = store.read(tx -> sum(tx.scan(tenant, KeyRange.prefix("acct/"), 10)));
        assertThat(finalSum).isEqualTo(TOTAL);
    }

    /**
     * Runs {@code threads} threads that each increment one counter {@code perThread} times, each
     * increment a read-modify-write transaction, and returns the final counter value.
     */
    static long concurrentIncrements(MetaStore store, TenantId tenant, int threads, int perThread) throws Exception {
        Callable<Integer> incrementer = () -> {
            for (int i = 0; i < perThread; i++) {
                store.write(tx -> {
                    long v = tx.get(tenant, "counter").map(TestValues::toLong).orElse(0L);
                    tx.put(tenant, "counter", longBytes(v + 1));
                    return null;
                });
            }
            return perThread;
        };
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tasks.add(incrementer);
        }
        runAll(tasks);
        return store.read(
                tx -> tx.get(tenant, "counter").map(TestValues::toLong).orElse(0L));
    }

    private static long sum(List<KeyValue> entries) {
        return entries.stream().mapToLong(kv -> toLong(kv.value())).sum();
    }

    /** Runs every task on its own thread and returns their results, rethrowing the first failure. */
    private static List<Integer> runAll(List<Callable<Integer>> tasks) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> task : tasks) {
                futures.add(pool.submit(task));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        }
    }
}
