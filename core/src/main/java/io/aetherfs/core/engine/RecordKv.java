package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import java.util.List;
import java.util.Optional;

/** The keys and values under {@link Records}: a change's, a store transaction's, or read-only reads. */
interface RecordKv {
    Optional<byte[]> get(String key);

    List<KeyValue> scan(KeyRange range, int limit);

    void put(String key, byte[] value);

    void delete(String key);

    void deleteRange(KeyRange range);

    /** Appends a record's event to a session's log, or refuses where events cannot be recorded. */
    void record(SessionId session, RecordEvent event);

    /** Returns the keys of one tenant in a store transaction; writes need a {@link WriteTx}. */
    static RecordKv of(TenantId tenant, ReadTx tx) {
        return new RecordKv() {
            @Override
            public Optional<byte[]> get(String key) {
                return tx.get(tenant, key);
            }

            @Override
            public List<KeyValue> scan(KeyRange range, int limit) {
                return tx.scan(tenant, range, limit);
            }

            @Override
            public void put(String key, byte[] value) {
                writable().put(tenant, key, value);
            }

            @Override
            public void delete(String key) {
                writable().delete(tenant, key);
            }

            @Override
            public void deleteRange(KeyRange range) {
                writable().deleteRange(tenant, range);
            }

            @Override
            public void record(SessionId session, RecordEvent event) {
                throw new IllegalStateException(
                        "a record write that records a " + event.type() + " event must run in a change");
            }

            private WriteTx writable() {
                if (tx instanceof WriteTx w) {
                    return w;
                }
                throw new IllegalStateException("records are read-only outside a change or a write transaction");
            }
        };
    }
}
