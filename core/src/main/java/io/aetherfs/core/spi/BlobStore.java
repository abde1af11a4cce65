package io.aetherfs.core.spi;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The blob store SPI: immutable content extents (at most 4 MiB each) named by the SHA-256 of their
 * bytes, kept per tenant so content never deduplicates across tenants. Caching, metrics and
 * compression are decorators, not backends.
 *
 * <p>Implementations are thread-safe. Storage faults raise {@link io.aetherfs.core.error.AfsException}
 * with code UNAVAILABLE.
 */
public interface BlobStore extends AutoCloseable {
    /** The largest blob the engine ever stores. */
    int MAX_BLOB_BYTES = 4 * 1024 * 1024;

    /**
     * Stores {@code length} bytes of {@code data} from {@code offset} under {@code hash}, which the caller
     * guarantees is their SHA-256. Durable when this returns. Idempotent: storing an existing blob writes
     * nothing new but refreshes its {@link BlobInfo#lastModified()}, so a concurrent garbage collection
     * (which only deletes blobs older than its grace period) cannot remove a blob just being reused.
     * The refresh itself need not be synced: committed metadata that references the blob keeps it
     * alive regardless. A slice outside {@code data}, or longer than {@link #MAX_BLOB_BYTES}, is an
     * IllegalArgumentException.
     */
    void put(TenantId tenant, Hash hash, byte[] data, int offset, int length);

    /**
     * Stores a blob like {@link #put}, except that it need not be durable until a later {@link #sync}
     * names it: it is readable at once, but a crash before that sync may lose it. Bulk writers (source
     * imports) use it to make thousands of blobs durable with one barrier instead of one fsync each, and
     * commit nothing that references such a blob before the sync returns. A store whose every put is
     * durable when it returns anyway (S3, memory) keeps this default, which is {@link #put}.
     */
    default void putDeferred(TenantId tenant, Hash hash, byte[] data, int offset, int length) {
        put(tenant, hash, data, offset, length);
    }

    /**
     * Makes every blob of {@code hashes} that was stored with {@link #putDeferred} durable (the barrier) and
     * returns once they are; blobs that are durable already cost at most a check. A missing blob is an
     * UNAVAILABLE error. The default has nothing left to do: its deferred puts were durable puts.
     */
    default void sync(TenantId tenant, Collection<Hash> hashes) {}

    /**
     * Returns up to {@code length} bytes of the blob starting at {@code offset} (fewer at its end; empty
     * past it), or empty if the blob does not exist.
     */
    Optional<byte[]> get(TenantId tenant, Hash hash, long offset, int length);

    /** Returns the size and timestamp of a blob, or empty if it does not exist. */
    Optional<BlobInfo> stat(TenantId tenant, Hash hash);

    /**
     * Deletes a blob; returns whether it existed. A delete lost in a crash leaves an unreferenced blob
     * that the next garbage collection removes again, so deletes need not be synced.
     */
    boolean delete(TenantId tenant, Hash hash);

    /**
     * Returns up to {@code limit} blobs of {@code tenant} in ascending hash order, starting after
     * {@code after} (null: from the first). Used by garbage collection and fsck.
     */
    List<BlobInfo> list(TenantId tenant, Hash after, int limit);

    /** Returns every tenant that holds at least one blob, in id order. */
    List<io.aetherfs.core.model.TenantId> tenants();

    /** Throws UNAVAILABLE unless the store is reachable and writable. */
    void checkHealth();

    @Override
    void close();
}
