package io.aetherfs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.spi.WriterLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link WriterLocks} backend passes. A backend's test opens "nodes": lock handles
 * over one shared backend, as separate server processes would hold them.
 */
public abstract class AbstractWriterLocksContractTest {
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    /** Returns the writer locks of one more node sharing the backend of every other node of this test. */
    protected abstract WriterLocks openNode();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Returns names unique to this test run, so tests sharing a real backend do not wait for each other. */
    private SortedSet<String> names(String... names) {
        SortedSet<String> out = new TreeSet<>();
        for (String n : names) {
            out.add(getClass().getSimpleName() + "-" + System.identityHashCode(this) + "/" + n);
        }
        return out;
    }

    @Test
    void acquire_ofAHeldName_onAnotherNode_waitsUntilTheHolderReleases() throws Exception {
        WriterLocks a = openNode();
        WriterLocks b = openNode();
        WriterLocks.Hold held = a.acquire(names("s1"));
        CountDownLatch acquired = new CountDownLatch(1);
        Future<?> waiter = pool.submit(() -> {
            try (WriterLocks.Hold h = b.acquire(names("s1"))) {
                acquired.countDown();
            }
            return null;
        });

        assertThat(acquired.await(300, TimeUnit.MILLISECONDS)).isFalse();
        held.close();
        assertThat(acquired.await(10, TimeUnit.SECONDS)).isTrue();
        waiter.get(10, TimeUnit.SECONDS);
    }

    @Test
    void acquire_ofOtherNames_doesNotWait() throws Exception {
        WriterLocks a = openNode();
        WriterLocks b = openNode();
        try (WriterLocks.Hold held = a.acquire(names("s1"))) {
            Future<?> other = pool.submit(() -> {
                b.acquire(names("s2")).close();
                return null;
            });
            other.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void holdsOfOverlappingNames_neverOverlapInTimeNorDeadlock() throws Exception {
        List<WriterLocks> nodes = List.of(openNode(), openNode(), openNode());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            WriterLocks node = nodes.get(w % 3);
            SortedSet<String> wanted = w % 2 == 0 ? names("x", "y") : names("y", "z", "x");
            workers.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    try (WriterLocks.Hold h = node.acquire(wanted)) {
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void close_twice_releasesOnce() throws Exception {
        WriterLocks a = openNode();
        WriterLocks.Hold h = a.acquire(names("s1"));
        h.close();
        h.close();
        Future<?> again = pool.submit(() -> {
            openNode().acquire(names("s1")).close();
            return null;
        });
        again.get(10, TimeUnit.SECONDS);
    }
}
