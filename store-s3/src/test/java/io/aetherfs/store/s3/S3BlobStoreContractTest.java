package io.aetherfs.store.s3;

import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.testkit.AbstractBlobStoreContractTest;

/** Runs the blob store contract (concurrency checks included) against a real S3-compatible server. */
class S3BlobStoreContractTest extends AbstractBlobStoreContractTest {
    @Override
    protected BlobStore openStore() {
        return S3BlobStore.open(S3Fixture.freshBucket());
    }
}
