package io.aetherfs.core.spi;

import io.aetherfs.core.model.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata store SPI: an ordered key-value store whose every key belongs to a tenant, with
 * serializable transactions. Everything above it (sessions, events, tree nodes, small extents) is
 * encoded into keys and values by the engine; backends know nothing of those meanings.
 *
 * <p>Keys are 1 to {@link #MAX_KEY_BYTES} characters of printable ASCII (0x20–0x7e; see {@link Keys}),
 * ordered by their bytes, so every backend orders them the same way. Values are byte arrays of at most {@link #MAX_VALUE_BYTES}. There is no
 * primitive that touches data without naming its tenant, so isolation is structural.
 *
 * <p>A transaction body must not start another transaction (backends may reject it or deadlock), and a
 * transaction handle must not be used after its body returned. A read snapshot is fixed no later
 * than the body's first read. Calls after {@link #close()} fail with UNAVAILABLE; closing twice is
 * harmless. A scan limit below 1 is an IllegalArgumentException.
 *
 * <p>Implementations are thread-safe. Exceptions: {@link io.aetherfs.core.error.AfsException} with code
 * UNAVAILABLE when the backend cannot be reached, ABORTED when a write transaction kept conflicting
 * with concurrent writers past the backend's retry budget; exceptions thrown by a transaction body
 * propagate unchanged after the transaction is rolled back.
 */
public interface MetaStore extends AutoCloseable {
    int MAX_KEY_BYTES = 1024;
    int MAX_VALUE_BYTES = 64 * 1024 * 1024;

    /**
     * Runs {@code body} against a consistent snapshot and returns its result. Several read transactions
     * run concurrently with each other and with writes.
     */
    <T> T read(TxBody<ReadTx, T> body);

    /**
     * Runs {@code body} in a serializable read-write transaction and commits it durably (an acknowledged
     * commit survives a crash of the process or machine) before returning. Reads inside the transaction
     * see its own writes. When the backend detects a serialization conflict it rolls back and runs
     * {@code body} again, so a body must have no side effects outside the transaction. If the body
     * throws, nothing it wrote is kept.
     */
    <T> T write(TxBody<WriteTx, T> body);

    /** Returns every tenant that holds at least one key, in id order. */
    List<TenantId> tenants();

    /** Returns the optional abilities of this backend. */
    Set<Feature> features();

    /**
     * Returns the locks that serialize writers across the nodes sharing this store. A store that
     * declares {@link Feature#SHARED_BY_NODES} must return them; others may (one process needs none).
     */
    default Optional<WriterLocks> writerLocks() {
        return Optional.empty();
    }

    /** Throws UNAVAILABLE unless the store is reachable and its schema is current. */
    void checkHealth();

    /** Releases connections and files. Transactions started afterwards fail. */
    @Override
    void close();

    /** Optional abilities a backend declares. */
    enum Feature {
        /** Several server processes may share this store and write concurrently (scale-out mode). */
        SHARED_BY_NODES,
        /** Data survives a restart of the process (false only for the in-memory backend). */
        PERSISTENT
    }

    /** A transaction body: a function of the transaction handle. */
    @FunctionalInterface
    interface TxBody<X, T> {
        T run(X tx);
    }
}
