package io.aetherfs.server.storage;

import io.aetherfs.core.memory.InMemoryJobQueue;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.BlobStoreFactory;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.MetaStoreFactory;
import io.aetherfs.core.spi.Notifier;
import io.aetherfs.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The metadata store, blob store, notifier and job queue of one server process, opened from the
 * {@code [storage]} configuration (spec §13.2) and closed together. Each backend registers itself by
 * kind ({@link MetaStoreFactory}, {@link BlobStoreFactory}); {@code storage.backend} names a pair of
 * kinds: embedded is {@code sqlite} + {@code local} (a SQLite file with its {@code jobs} table and an
 * in-process notifier, a local blob directory), scale-out is {@code postgres} + {@code s3} (PostgreSQL
 * with its {@code jobs} table and LISTEN/NOTIFY, shared by every node, and an S3-compatible bucket).
 * {@code storage.metadata} and {@code storage.blobs} override a half, so any metadata kind opens with
 * any blob kind.
 */
public record Stores(MetaStore meta, BlobStore blobs, Notifier notifier, JobQueue jobs) implements AutoCloseable {
    /**
     * Embedded-style stores with an in-process notifier (tests and tools over given stores); the job queue
     * lives in the metadata store's database when its backend keeps one, else in memory.
     */
    public Stores(MetaStore meta, BlobStore blobs) {
        this(meta, blobs, new InProcessNotifier(), jobsOf(meta));
    }

    /** Returns the job queue that lives with {@code meta}: its {@code jobs} table, or an in-memory queue. */
    static JobQueue jobsOf(MetaStore meta) {
        for (MetaStoreFactory f : Backends.metaFactories()) {
            Optional<JobQueue> jobs = f.jobsOf(meta);
            if (jobs.isPresent()) {
                return jobs.get();
            }
        }
        return new InMemoryJobQueue();
    }

    /**
     * Opens the configured metadata and blob kinds, migrating the metadata schema: {@code sqlite} is
     * {@code data_dir/afs.db}, {@code postgres} is {@code storage.postgres_url}, {@code local} is
     * {@code data_dir/blobs}, {@code s3} is the {@code storage.s3_*} bucket; each is checked for
     * reachability here, so a wrong URL, bucket or credential fails startup clearly.
     */
    public static Stores open(ServerConfig.Storage storage) {
        return open(storage, storage.metadata().kind(), storage.blobs().kind());
    }

    /**
     * Opens the metadata backend of kind {@code metadataKind} and the blob backend of kind
     * {@code blobKind} from the {@code storage.*} keys (for example SQLite metadata with S3 content, one
     * node on object storage); an unknown kind is an IllegalArgumentException naming the known ones.
     */
    public static Stores open(ServerConfig.Storage storage, String metadataKind, String blobKind) {
        MetaStoreFactory metaKind = Backends.meta(metadataKind);
        BlobStoreFactory blobsKind = Backends.blobs(blobKind);
        StorageSettings metaSettings = StorageSettings.forMetadata(storage);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            MetaStore meta = track(opened, metaKind.open(metaSettings));
            BlobStore blobs = track(opened, blobsKind.open(StorageSettings.forBlobs(storage)));
            JobQueue jobs = metaKind.jobsOf(meta).orElseGet(InMemoryJobQueue::new);
            return new Stores(meta, blobs, metaKind.notifier(meta, metaSettings), jobs);
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
        return Backends.meta(storage.metadata().kind()).open(StorageSettings.forMetadata(storage));
    }

    /**
     * Returns where the configured halves keep metadata and blobs, for messages and logs (no secret):
     * the SQLite file or the PostgreSQL database, then the blob directory or the S3 bucket.
     */
    public static String describe(ServerConfig.Storage storage) {
        return Backends.meta(storage.metadata().kind()).describe(StorageSettings.forMetadata(storage)) + ", "
                + Backends.blobs(storage.blobs().kind()).describe(StorageSettings.forBlobs(storage));
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
