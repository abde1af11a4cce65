package io.aetherfs.core.spi;

import java.util.Optional;

/**
 * A metadata backend that registers itself by kind ({@code java.util.ServiceLoader}, listed in its
 * module's {@code META-INF/services}): it opens the {@link MetaStore} and the services that live with
 * it, its {@link JobQueue} and the {@link Notifier} that reaches every node sharing it (the writer
 * locks come with the store itself, {@link MetaStore#writerLocks}). Any metadata kind combines with
 * any {@link BlobStoreFactory blob kind}.
 */
public interface MetaStoreFactory {
    /** Returns the kind this factory opens, as the server names it ({@code "sqlite"}, {@code "postgres"}). */
    String kind();

    /**
     * Opens the store, migrating its schema, and checks it is reachable.
     *
     * @throws IllegalArgumentException when a setting it needs is missing or invalid
     * @throws io.aetherfs.core.error.AfsException UNAVAILABLE when the store cannot be opened
     */
    MetaStore open(StoreSettings settings);

    /** Returns the job queue in the database of {@code store}, if this factory's kind opened it. */
    Optional<JobQueue> jobsOf(MetaStore store);

    /** Opens the notifier of the nodes sharing {@code store}, which this factory opened from {@code settings}. */
    Notifier notifier(MetaStore store, StoreSettings settings);

    /** Returns where the store keeps metadata, for messages and logs, without secrets. */
    String describe(StoreSettings settings);
}
