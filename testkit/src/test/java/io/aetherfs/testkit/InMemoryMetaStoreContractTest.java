package io.aetherfs.testkit;

import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.spi.MetaStore;

/** Runs the metadata store contract against the in-memory reference backend. */
class InMemoryMetaStoreContractTest extends AbstractMetaStoreContractTest {
    @Override
    protected MetaStore openStore() {
        return new InMemoryMetaStore();
    }
}
