package io.aetherfs.store.local;

import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.BlobStoreFactory;
import io.aetherfs.core.spi.StoreSettings;
import java.nio.file.Path;

/** Registers the embedded blob backend as kind {@code local}: the directory {@code data_dir/blobs}. */
public final class LocalBlobStoreFactory implements BlobStoreFactory {
    /** The kind name of this backend. */
    public static final String KIND = "local";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public BlobStore open(StoreSettings settings) {
        return LocalBlobStore.open(root(settings));
    }

    @Override
    public String describe(StoreSettings settings) {
        return "blobs in " + root(settings);
    }

    private static Path root(StoreSettings settings) {
        return settings.dataDir().resolve("blobs");
    }
}
