package io.aetherfs.store.s3;

import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.testkit.AbstractBlobStoreContractTest;

/** Runs the blob store contract with every non-empty blob uploaded in parts (threshold of 1 byte). */
class S3BlobStoreMultipartContractTest extends AbstractBlobStoreContractTest {
    @Override
    protected BlobStore openStore() {
        S3Settings settings = S3Fixture.freshBucket();
        return S3BlobStore.open(settings.withTuning(settings.tuning().withMultipart(1, S3Tuning.MIN_PART_SIZE)));
    }
}
