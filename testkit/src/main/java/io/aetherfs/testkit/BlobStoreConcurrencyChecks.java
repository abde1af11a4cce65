package io.aetherfs.testkit;

import static io.aetherfs.testkit.TestValues.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The multi-threaded workload of the {@link BlobStore} contract: racing puts of shared and distinct blobs. */
final class BlobStoreConcurrencyChecks {
    private static final int SIZE = 64 * 1024;

    private BlobStoreConcurrencyChecks() {}

    /**
     * Starts {@code threads} threads at once; each stores the same shared blob, then {@code perThread}
     * blobs of its own, each followed by another put of the shared blob. Afterwards every blob reads back
     * intact and the listing holds each exactly once.
     */
    static void concurrentPuts(BlobStore store, TenantId tenant, int threads, int perThread) throws Exception {
        byte[] shared = randomBytes(-1, SIZE);
        Hash sharedHash = Hash.of(shared);
        CountDownLatch ready = new CountDownLatch(threads);
        List<Hash> expected = new ArrayList<>(List.of(sharedHash));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                for (int i = 0; i < perThread; i++) {
                    expected.add(Hash.of(own(thread, i)));
                }
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    store.put(tenant, sharedHash, shared, 0, shared.length);
                    for (int i = 0; i < perThread; i++) {
                        byte[] data = own(thread, i);
                        store.put(tenant, Hash.of(data), data, 0, data.length);
                        store.put(tenant, sharedHash, shared, 0, shared.length);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        assertThat(store.get(tenant, sharedHash, 0, SIZE))
                .hasValueSatisfying(got -> assertThat(got).isEqualTo(shared));
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                byte[] data = own(t, i);
                assertThat(store.get(tenant, Hash.of(data), 0, SIZE))
                        .hasValueSatisfying(got -> assertThat(got).isEqualTo(data));
            }
        }
        assertThat(store.list(tenant, null, expected.size() + 10))
                .extracting(BlobInfo::hash)
                .containsExactlyElementsOf(expected.stream().sorted().toList());
    }

    private static byte[] own(int thread, int i) {
        return randomBytes(thread * 10_000L + i, SIZE / 4 + thread);
    }
}
