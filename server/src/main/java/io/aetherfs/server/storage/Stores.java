package io.aetherfs.server.storage;

import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.store.local.LocalBlobStore;
import io.aetherfs.store.sql.sqlite.SqliteMetaStore;

/**
 * The metadata store and blob store of one server process, opened from the {@code [storage]}
 * configuration (spec §13.2) and closed together.
 */
public record Stores(MetaStore meta, BlobStore blobs) implements AutoCloseable {
    /**
     * Opens the configured backend. Embedded: {@code data_dir/afs.db} (SQLite, migrated on open) and
     * {@code data_dir/blobs}. The configuration has already refused backends this build lacks.
     */
    public static Stores open(ServerConfig.Storage storage) {
        return switch (storage.backend()) {
            case EMBEDDED -> {
                MetaStore meta = SqliteMetaStore.open(storage.metadataFile());
                try {
                    yield new Stores(meta, LocalBlobStore.open(storage.blobDir()));
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

    /** Closes the metadata store, then the blob store, even if the first close fails. */
    @Override
    public void close() {
        try {
            meta.close();
        } finally {
            blobs.close();
        }
    }
}
