package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.ReadTx;

/** The records of one tenant in one store transaction ({@link TenantRecords#read}, {@link TenantRecords#write}). */
public final class RecordTx {
    private final RecordKv kv;

    RecordTx(TenantId tenant, ReadTx tx) {
        this.kv = RecordKv.of(tenant, tx);
    }

    /** Returns one kind of records of a session (or of the tenant, with null) in this transaction. */
    public <I, R> Records<I, R> records(RecordType<I, R> type, SessionId session) {
        return new StoredRecords<>(type, session, kv);
    }
}
