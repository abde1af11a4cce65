package io.aetherfs.core.spi;

import io.aetherfs.core.model.TenantId;

/**
 * Reads and writes of a serializable metadata store transaction. Reads through a write transaction
 * see a state no concurrent transaction can change before this one commits (backends lock what was
 * read, or detect the conflict at commit and re-run the body).
 */
public interface WriteTx extends ReadTx {
    /** Stores {@code value} at {@code key}, replacing any previous value. */
    void put(TenantId tenant, String key, byte[] value);

    /** Removes {@code key}; returns whether it existed. */
    boolean delete(TenantId tenant, String key);

    /** Removes every key of {@code tenant} in {@code range}; returns how many were removed. */
    long deleteRange(TenantId tenant, KeyRange range);
}
