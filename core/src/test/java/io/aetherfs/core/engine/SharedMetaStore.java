package io.aetherfs.core.engine;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A view of one in-memory store that declares {@link MetaStore.Feature#SHARED_BY_NODES}, so that several
 * engines over it behave as the nodes of a scale-out cluster do. Optionally every transaction costs a
 * network round trip before it starts and a write another one to commit, as a database server's do.
 * Closing a view leaves the store open.
 */
final class SharedMetaStore implements MetaStore {
    private final MetaStore store;
    private final Duration roundTrip;

    SharedMetaStore(MetaStore store) {
        this(store, Duration.ZERO);
    }

    SharedMetaStore(MetaStore store, Duration roundTrip) {
        this.store = store;
        this.roundTrip = roundTrip;
    }

    @Override
    public <T> T read(TxBody<ReadTx, T> body) {
        travel();
        return store.read(body);
    }

    @Override
    public <T> T write(TxBody<WriteTx, T> body) {
        travel();
        T result = store.write(body);
        travel();
        return result;
    }

    private void travel() {
        if (roundTrip.isZero()) {
            return;
        }
        try {
            Thread.sleep(roundTrip);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<TenantId> tenants() {
        return store.tenants();
    }

    @Override
    public Set<Feature> features() {
        Set<Feature> f = EnumSet.of(Feature.SHARED_BY_NODES);
        f.addAll(store.features());
        return f;
    }

    @Override
    public java.util.Optional<io.aetherfs.core.spi.WriterLocks> writerLocks() {
        return store.writerLocks().map(locks -> names -> {
            travel();
            return locks.acquire(names);
        });
    }

    @Override
    public void checkHealth() {
        store.checkHealth();
    }

    @Override
    public void close() {}
}
