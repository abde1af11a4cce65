package io.aetherfs.core.memory;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.Keys;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import io.aetherfs.core.spi.WriterLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The reference {@link MetaStore}: sorted maps in memory. Writers are serialized and apply their
 * buffered writes atomically; readers see whole commits only. Nothing survives the process.
 *
 * <p>Layout: one {@code TreeMap<String, byte[]>} per tenant, keys exactly as the engine writes them.
 */
public final class InMemoryMetaStore implements MetaStore {
    private final Map<TenantId, NavigableMap<String, byte[]>> tenants = new TreeMap<>();
    private final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock();
    private final ReentrantLock writer = new ReentrantLock();
    private final WriterLocks writerLocks = new InProcessWriterLocks(Duration.ofSeconds(30));
    private volatile boolean closed;

    @Override
    public <T> T read(TxBody<ReadTx, T> body) {
        checkOpen();
        visibility.readLock().lock();
        try {
            return body.run(new Reader());
        } finally {
            visibility.readLock().unlock();
        }
    }

    @Override
    public <T> T write(TxBody<WriteTx, T> body) {
        checkOpen();
        writer.lock();
        try {
            Writer tx = new Writer();
            T result = body.run(tx);
            visibility.writeLock().lock();
            try {
                tx.apply();
            } finally {
                visibility.writeLock().unlock();
            }
            return result;
        } finally {
            writer.unlock();
        }
    }

    @Override
    public List<TenantId> tenants() {
        return read(tx -> tenants.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList());
    }

    @Override
    public Set<Feature> features() {
        return EnumSet.noneOf(Feature.class);
    }

    /** Returns locks shared by every engine over this store (tests run several nodes on one instance). */
    @Override
    public Optional<WriterLocks> writerLocks() {
        return Optional.of(writerLocks);
    }

    @Override
    public void checkHealth() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw AfsException.unavailable("the in-memory metadata store is closed", null);
        }
    }

    private class Reader implements ReadTx {
        @Override
        public Optional<byte[]> get(TenantId tenant, String key) {
            Keys.check(key);
            NavigableMap<String, byte[]> map = tenants.get(tenant);
            byte[] v = map == null ? null : map.get(key);
            return Optional.ofNullable(v).map(byte[]::clone);
        }

        @Override
        public List<KeyValue> scan(TenantId tenant, KeyRange range, int limit) {
            return scanMap(tenants.get(tenant), range, limit);
        }
    }

    private static List<KeyValue> scanMap(NavigableMap<String, byte[]> map, KeyRange range, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("scan limit must be at least 1");
        }
        List<KeyValue> out = new ArrayList<>();
        if (map == null) {
            return out;
        }
        NavigableMap<String, byte[]> sub = map.subMap(range.from(), true, range.to(), false);
        for (Map.Entry<String, byte[]> e : (range.reverse() ? sub.descendingMap() : sub).entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new KeyValue(e.getKey(), e.getValue().clone()));
        }
        return out;
    }

    /** A write transaction: a buffer of puts (value) and deletes (null) over the committed maps. */
    private final class Writer implements WriteTx {
        private final Map<TenantId, NavigableMap<String, byte[]>> pending = new TreeMap<>();

        @Override
        public Optional<byte[]> get(TenantId tenant, String key) {
            Keys.check(key);
            NavigableMap<String, byte[]> p = pending.get(tenant);
            if (p != null && p.containsKey(key)) {
                return Optional.ofNullable(p.get(key)).map(byte[]::clone);
            }
            NavigableMap<String, byte[]> map = tenants.get(tenant);
            return Optional.ofNullable(map == null ? null : map.get(key)).map(byte[]::clone);
        }

        @Override
        public List<KeyValue> scan(TenantId tenant, KeyRange range, int limit) {
            return scanMap(merged(tenant, range), range, limit);
        }

        @Override
        public void put(TenantId tenant, String key, byte[] value) {
            Keys.check(key);
            if (value.length > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("metadata value larger than " + MAX_VALUE_BYTES + " bytes");
            }
            pending.computeIfAbsent(tenant, t -> new TreeMap<>()).put(key, value.clone());
        }

        @Override
        public boolean delete(TenantId tenant, String key) {
            boolean existed = get(tenant, key).isPresent();
            pending.computeIfAbsent(tenant, t -> new TreeMap<>()).put(Keys.check(key), null);
            return existed;
        }

        @Override
        public long deleteRange(TenantId tenant, KeyRange range) {
            NavigableMap<String, byte[]> live = merged(tenant, range);
            NavigableMap<String, byte[]> p = pending.computeIfAbsent(tenant, t -> new TreeMap<>());
            for (String k : live.keySet()) {
                p.put(k, null);
            }
            return live.size();
        }

        /** Returns the committed entries in range overlaid with this transaction's writes. */
        private NavigableMap<String, byte[]> merged(TenantId tenant, KeyRange range) {
            NavigableMap<String, byte[]> out = new TreeMap<>();
            NavigableMap<String, byte[]> map = tenants.get(tenant);
            if (map != null) {
                out.putAll(map.subMap(range.from(), true, range.to(), false));
            }
            NavigableMap<String, byte[]> p = pending.get(tenant);
            if (p != null) {
                for (Map.Entry<String, byte[]> e :
                        p.subMap(range.from(), true, range.to(), false).entrySet()) {
                    if (e.getValue() == null) {
                        out.remove(e.getKey());
                    } else {
                        out.put(e.getKey(), e.getValue());
                    }
                }
            }
            return out;
        }

        private void apply() {
            for (Map.Entry<TenantId, NavigableMap<String, byte[]>> t : pending.entrySet()) {
                NavigableMap<String, byte[]> map = tenants.computeIfAbsent(t.getKey(), k -> new TreeMap<>());
                for (Map.Entry<String, byte[]> e : t.getValue().entrySet()) {
                    if (e.getValue() == null) {
                        map.remove(e.getKey());
                    } else {
                        map.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
    }
}
