package io.aetherfs.core.spi;

import io.aetherfs.core.model.TenantId;
import java.util.List;
import java.util.Optional;

/** Reads of a metadata store transaction; valid only inside the body it was passed to. */
public interface ReadTx {
    /** Returns the value stored at {@code key} for {@code tenant}, or empty. */
    Optional<byte[]> get(TenantId tenant, String key);

    /**
     * Returns up to {@code limit} (≥ 1) entries of {@code tenant} whose keys lie in {@code range}, in
     * ascending key order, or descending when the range is reversed.
     */
    List<KeyValue> scan(TenantId tenant, KeyRange range, int limit);
}
