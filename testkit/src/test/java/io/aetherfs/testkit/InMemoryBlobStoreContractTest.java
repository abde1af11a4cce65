package io.aetherfs.testkit;

import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.spi.BlobStore;

/** Runs the blob store contract against the in-memory reference backend. */
class InMemoryBlobStoreContractTest extends AbstractBlobStoreContractTest {
    @Override
    protected BlobStore openStore() {
        return new InMemoryBlobStore();
    }
}
