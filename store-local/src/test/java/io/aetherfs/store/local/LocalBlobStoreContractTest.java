package io.aetherfs.store.local;

import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.testkit.AbstractBlobStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the blob store contract against a local directory. */
class LocalBlobStoreContractTest extends AbstractBlobStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected BlobStore openStore() {
        return LocalBlobStore.open(dir.resolve("blobs"));
    }
}
