package io.aetherfs.core.spi;

/**
 * A blob backend that registers itself by kind ({@code java.util.ServiceLoader}, listed in its
 * module's {@code META-INF/services}); any blob kind combines with any {@link MetaStoreFactory
 * metadata kind}.
 */
public interface BlobStoreFactory {
    /** Returns the kind this factory opens, as the server names it ({@code "local"}, {@code "s3"}). */
    String kind();

    /**
     * Opens the store and checks it is reachable.
     *
     * @throws IllegalArgumentException when a setting it needs is missing or invalid
     * @throws io.aetherfs.core.error.AfsException UNAVAILABLE when the store cannot be opened
     */
    BlobStore open(StoreSettings settings);

    /** Returns where the store keeps blobs, for messages and logs, without secrets. */
    String describe(StoreSettings settings);
}
