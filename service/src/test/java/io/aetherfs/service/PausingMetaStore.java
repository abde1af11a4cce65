package io.aetherfs.service;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory store that can pause the first read transaction that reads a key with a given prefix,
 * after the read returned, until the test releases it: a reader that saw old state and acts on it after
 * others moved on, at an exact point of a race.
 */
final class PausingMetaStore implements MetaStore {
    private final MetaStore store;
    private volatile String prefix;
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    PausingMetaStore(MetaStore store) {
        this.store = store;
    }

    /** Arms the trap: the next read transaction that reads a key starting with {@code keyPrefix} pauses. */
    void pauseNextReadOf(String keyPrefix) {
        prefix = keyPrefix;
    }

    /** Waits until a reader is paused. */
    void awaitPaused() throws InterruptedException {
        if (!paused.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no reader read a key starting with " + prefix);
        }
    }

    /** Lets the paused reader go on. */
    void release() {
        release.countDown();
    }

    @Override
    public <T> T read(TxBody<ReadTx, T> body) {
        boolean[] trapped = {false};
        T result = store.read(tx -> body.run(new ReadTx() {
            @Override
            public Optional<byte[]> get(TenantId tenant, String key) {
                String p = prefix;
                if (p != null && key.startsWith(p)) {
                    prefix = null;
                    trapped[0] = true;
                }
                return tx.get(tenant, key);
            }

            @Override
            public List<KeyValue> scan(TenantId tenant, KeyRange range, int limit) {
                return tx.scan(tenant, range, limit);
            }
        }));
        if (trapped[0]) {
            paused.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }

    @Override
    public <T> T write(TxBody<WriteTx, T> body) {
        return store.write(body);
    }

    @Override
    public List<TenantId> tenants() {
        return store.tenants();
    }

    @Override
    public Set<Feature> features() {
        return store.features();
    }

    @Override
    public void checkHealth() {
        store.checkHealth();
    }

    @Override
    public void close() {
        store.close();
    }
}
