package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.MetaStore;
import java.util.function.Function;

/**
 * A tenant's records outside a change: read-only views that read the store directly (each call its own
 * read), and short store transactions for the few paths that bypass the committer on purpose (the bus
 * appends messages in a transaction of their own). Writes that record events belong in a change.
 */
public final class TenantRecords {
    private final MetaStore meta;
    private final TenantId tenant;

    TenantRecords(MetaStore meta, TenantId tenant) {
        this.meta = meta;
        this.tenant = tenant;
    }

    /** Returns a read-only view of one kind of records of a session (or of the tenant, with null). */
    public <I, R> Records<I, R> of(RecordType<I, R> type, SessionId session) {
        return new StoredRecords<>(type, session, new RecordKv() {
            @Override
            public java.util.Optional<byte[]> get(String key) {
                return meta.read(tx -> tx.get(tenant, key));
            }

            @Override
            public java.util.List<io.aetherfs.core.spi.KeyValue> scan(io.aetherfs.core.spi.KeyRange range, int limit) {
                return meta.read(tx -> tx.scan(tenant, range, limit));
            }

            @Override
            public void put(String key, byte[] value) {
                throw readOnly();
            }

            @Override
            public void delete(String key) {
                throw readOnly();
            }

            @Override
            public void deleteRange(io.aetherfs.core.spi.KeyRange range) {
                throw readOnly();
            }

            @Override
            public void record(SessionId session, RecordEvent event) {
                throw readOnly();
            }
        });
    }

    /** Runs {@code body} in one read transaction, so several reads see one state. */
    public <T> T read(Function<RecordTx, T> body) {
        return meta.read(tx -> body.apply(new RecordTx(tenant, tx)));
    }

    /**
     * Runs {@code body} in one write transaction of the store, outside the committer: for records whose
     * writes record no event and need not be ordered with the session's tree changes.
     */
    public <T> T write(Function<RecordTx, T> body) {
        return meta.write(tx -> body.apply(new RecordTx(tenant, tx)));
    }

    private static IllegalStateException readOnly() {
        return new IllegalStateException("records are read-only outside a change; write them in a change");
    }
}
