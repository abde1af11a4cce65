package io.aetherfs.store.s3;

import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.BlobStoreFactory;
import io.aetherfs.core.spi.StoreSettings;
import java.net.URI;

/**
 * Registers the object-storage blob backend as kind {@code s3}: the bucket of the {@code storage.s3_*}
 * keys on any S3-compatible server.
 */
public final class S3BlobStoreFactory implements BlobStoreFactory {
    /** The kind name of this backend. */
    public static final String KIND = "s3";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public BlobStore open(StoreSettings settings) {
        return S3BlobStore.open(settings(settings));
    }

    @Override
    public String describe(StoreSettings settings) {
        return "S3 bucket " + settings.get("s3_bucket").orElse("?")
                + settings.get("s3_endpoint").map(e -> " at " + e).orElse("");
    }

    /** Returns the S3 settings of the {@code storage.s3_*} keys; S3Settings names any missing one. */
    static S3Settings settings(StoreSettings settings) {
        return S3Settings.of(
                settings.get("s3_endpoint").map(URI::create).orElse(null),
                settings.get("s3_region").orElse(null),
                settings.get("s3_bucket").orElse(null),
                settings.get("s3_prefix").orElse(""),
                settings.get("s3_access_key_id").orElse(null),
                settings.get("s3_secret_access_key").orElse(null),
                settings.get("s3_path_style").map(Boolean::parseBoolean).orElse(false));
    }
}
