package io.aetherfs.server.storage;

import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.store.local.LocalBlobStore;
import io.aetherfs.store.sql.SqliteMetaStore;

/**
 * The metadata store, blob store and notifier of one server process, opened from the {@code [storage]}
 * configuration (spec §13.2) and closed together. The notifier tells the nodes sharing the stores that a
 * bus (and later a changefeed) advanced: in-process for the embedded backend.
 */
public record Stores(MetaStore meta, BlobStore blobs, Notifier notifier) implements AutoCloseable {
    /** Returns stores served by this process alone, with an in-process notifier. */
    public Stores(MetaStore meta, BlobStore blobs) {
        this(meta, blobs, new InProcessNotifier());
    }

    /**
     * Opens the configured backend. Embedded: {@code data_dir/afs.db} (SQLite, migrated on open) and
     * {@code data_dir/blobs}. The configuration has already refused backends this build lacks.
     */
    public static Stores open(ServerConfig.Storage storage) {
        return switch (storage.backend()) {
            case EMBEDDED -> {
                MetaStore meta = SqliteMetaStore.open(storage.metadataFile());
                try {
                    yield new Stores(meta, LocalBlobStore.open(storage.blobDir()), new InProcessNotifier());
                } catch (RuntimeException e) {
                    meta.close();
                    throw e;
                }
            }
            case SCALE_OUT -> throw new IllegalStateException("the scale-out backend is not in this build");
        };
    }

    /** Opens only the configured metadata store, migrating its schema (for {@code afs-server migrate}). */
    public static MetaStore openMeta(ServerConfig.Storage storage) {
        return switch (storage.backend()) {
            case EMBEDDED -> SqliteMetaStore.open(storage.metadataFile());
            case SCALE_OUT -> throw new IllegalStateException("the scale-out backend is not in this build");
        };
    }

    /** Closes the notifier, the metadata store, then the blob store, each even if an earlier close fails. */
    @Override
    public void close() {
        try {
            notifier.close();
        } finally {
            try {
                meta.close();
            } finally {
                blobs.close();
            }
        }
    }
}
