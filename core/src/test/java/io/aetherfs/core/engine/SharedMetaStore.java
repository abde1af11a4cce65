package io.aetherfs.core.engine;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A view of one in-memory store that declares {@link MetaStore.Feature#SHARED_BY_NODES}, so that several
 * engines over it behave as the nodes of a scale-out cluster do. Closing a view leaves the store open.
 */
class SharedMetaStore implements MetaStore {
    private final MetaStore store;

    SharedMetaStore(MetaStore store) {
        this.store = store;
    }

    @Override
    public <T> T read(TxBody<ReadTx, T> body) {
        return store.read(body);
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
        Set<Feature> f = EnumSet.of(Feature.SHARED_BY_NODES);
        f.addAll(store.features());
        return f;
    }

    @Override
    public void checkHealth() {
        store.checkHealth();
    }

    @Override
    public void close() {}
}
