package io.aetherfs.core.memory;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The reference {@link BlobStore}: byte arrays in memory, per tenant, sorted by hash. Nothing survives
 * the process. Layout: {@code tenant → (hash → bytes, lastModified)}.
 */
public final class InMemoryBlobStore implements BlobStore {
    private final Map<TenantId, NavigableMap<Hash, Stored>> tenants = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean closed;

    private record Stored(byte[] data, long lastModifiedMillis) {}

    public InMemoryBlobStore() {
        this(Clock.systemUTC());
    }

    public InMemoryBlobStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void put(TenantId tenant, Hash hash, byte[] data, int offset, int length) {
        checkOpen();
        // Without this check Arrays.copyOfRange would silently pad a slice that runs past the array with zeros.
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("blob larger than " + MAX_BLOB_BYTES + " bytes");
        }
        NavigableMap<Hash, Stored> map = tenants.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
        map.compute(
                hash,
                (h, old) -> new Stored(
                        old != null ? old.data() : Arrays.copyOfRange(data, offset, offset + length), clock.millis()));
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, Hash hash, long offset, int length) {
        checkOpen();
        Stored s = find(tenant, hash);
        if (s == null) {
            return Optional.empty();
        }
        int from = (int) Math.min(offset, s.data().length);
        int to = (int) Math.min((long) from + length, s.data().length);
        return Optional.of(Arrays.copyOfRange(s.data(), from, to));
    }

    @Override
    public Optional<BlobInfo> stat(TenantId tenant, Hash hash) {
        checkOpen();
        Stored s = find(tenant, hash);
        return Optional.ofNullable(s).map(v -> info(hash, v));
    }

    @Override
    public boolean delete(TenantId tenant, Hash hash) {
        checkOpen();
        NavigableMap<Hash, Stored> map = tenants.get(tenant);
        return map != null && map.remove(hash) != null;
    }

    @Override
    public List<BlobInfo> list(TenantId tenant, Hash after, int limit) {
        checkOpen();
        List<BlobInfo> out = new ArrayList<>();
        NavigableMap<Hash, Stored> map = tenants.get(tenant);
        if (map == null) {
            return out;
        }
        for (Map.Entry<Hash, Stored> e : (after == null ? map : map.tailMap(after, false)).entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(info(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public List<TenantId> tenants() {
        return tenants.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    @Override
    public void checkHealth() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }

    private Stored find(TenantId tenant, Hash hash) {
        NavigableMap<Hash, Stored> map = tenants.get(tenant);
        return map == null ? null : map.get(hash);
    }

    private static BlobInfo info(Hash hash, Stored s) {
        return new BlobInfo(hash, s.data().length, java.time.Instant.ofEpochMilli(s.lastModifiedMillis()));
    }

    private void checkOpen() {
        if (closed) {
            throw AfsException.unavailable("the in-memory blob store is closed", null);
        }
    }
}
