package io.aetherfs.server.storage;

import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.store.local.LocalBlobStore;
import io.aetherfs.store.s3.S3BlobStore;
import io.aetherfs.store.s3.S3Settings;
import io.aetherfs.store.sql.postgres.PgNotifier;
import io.aetherfs.store.sql.postgres.PostgresMetaStore;
import io.aetherfs.store.sql.postgres.PostgresSettings;
import io.aetherfs.store.sql.sqlite.SqliteMetaStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata store, blob store, notifier and job queue of one server process, opened from the
 * {@code [storage]} configuration (spec §13.2) and closed together. Embedded: SQLite, a local blob
 * directory, an in-process notifier and the {@code jobs} table of the SQLite file. Scale-out: PostgreSQL,
 * an S3-compatible bucket, PostgreSQL LISTEN/NOTIFY and the {@code jobs} table in PostgreSQL, shared by
 * every node.
 */
public record Stores(MetaStore meta, BlobStore blobs, Notifier notifier, JobQueue jobs) implements AutoCloseable {
    /**
     * Embedded-style stores with an in-process notifier (tests and tools over given stores); the job queue
     * lives in the metadata store's database when it is a SQL one, else in memory.
     */
    public Stores(MetaStore meta, BlobStore blobs) {
        this(meta, blobs, new InProcessNotifier(), jobsOf(meta));
    }

    /** Returns the job queue that lives with {@code meta}: its {@code jobs} table, or an in-memory queue. */
    static JobQueue jobsOf(MetaStore meta) {
        return switch (meta) {
            case SqliteMetaStore sqlite -> sqlite.jobs();
            case PostgresMetaStore postgres -> postgres.jobs();
            default -> new InMemoryJobQueue();
        };
    }

    /**
     * Opens the configured backend, migrating the metadata schema. Embedded: {@code data_dir/afs.db} and
     * {@code data_dir/blobs}. Scale-out: {@code storage.postgres_url} and the {@code storage.s3_*} bucket;
     * each is checked for reachability here, so a wrong URL, bucket or credential fails startup clearly.
     */
    public static Stores open(ServerConfig.Storage storage) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return switch (storage.backend()) {
                case EMBEDDED -> {
                    SqliteMetaStore meta = track(opened, SqliteMetaStore.open(storage.metadataFile()));
                    BlobStore blobs = track(opened, LocalBlobStore.open(storage.blobDir()));
                    yield new Stores(meta, blobs, new InProcessNotifier(), meta.jobs());
                }
                case SCALE_OUT -> {
                    PostgresSettings pg = postgres(storage);
                    PostgresMetaStore meta = track(opened, PostgresMetaStore.open(pg));
                    BlobStore blobs = track(opened, S3BlobStore.open(s3(storage)));
                    yield new Stores(meta, blobs, PgNotifier.open(pg), meta.jobs());
                }
            };
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Opens only the configured metadata store, migrating its schema (for {@code afs-server migrate}). */
    public static MetaStore openMeta(ServerConfig.Storage storage) {
        return switch (storage.backend()) {
            case EMBEDDED -> SqliteMetaStore.open(storage.metadataFile());
            case SCALE_OUT -> PostgresMetaStore.open(postgres(storage));
        };
    }

    /**
     * Returns where the configured backend keeps metadata and blobs, for messages and logs (no secret):
     * the SQLite file and blob directory, or the PostgreSQL database and the S3 bucket.
     */
    public static String describe(ServerConfig.Storage storage) {
        return switch (storage.backend()) {
            case EMBEDDED -> "SQLite " + storage.metadataFile() + ", blobs in " + storage.blobDir();
            case SCALE_OUT ->
                "PostgreSQL " + postgres(storage).describe() + ", S3 bucket "
                        + storage.s3Bucket().orElse("?")
                        + storage.s3Endpoint().map(e -> " at " + e).orElse("");
        };
    }

    /** Returns the PostgreSQL settings of {@code storage.postgres_url} and {@code postgres_max_connections}. */
    static PostgresSettings postgres(ServerConfig.Storage storage) {
        String url = storage.postgresUrl()
                .orElseThrow(() -> new IllegalArgumentException(
                        "storage.backend = scale-out needs storage.postgres_url (AFS_SERVER_STORAGE_POSTGRES_URL)"))
                .value();
        return PostgresSettings.of(url).withMaxConnections(storage.postgresMaxConnections());
    }

    /** Returns the S3 settings of the {@code storage.s3_*} keys. */
    static S3Settings s3(ServerConfig.Storage storage) {
        return S3Settings.of(
                storage.s3Endpoint().map(URI::create).orElse(null),
                storage.s3Region().orElse(null),
                storage.s3Bucket().orElse(null),
                storage.s3Prefix(),
                storage.s3AccessKeyId().orElse(null),
                storage.s3SecretAccessKey().map(s -> s.value()).orElse(null),
                storage.s3PathStyle());
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> opened, T resource) {
        opened.add(resource);
        return resource;
    }

    /** Closes the job queue, the notifier, the metadata store, then the blob store, even if one close fails. */
    @Override
    public void close() {
        try {
            jobs.close();
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
