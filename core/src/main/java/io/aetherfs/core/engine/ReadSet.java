package io.aetherfs.core.engine;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.WriteTx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the changes of a batch read from the store outside its transaction, other than session records
 * (which {@link Batch} checks itself) and immutable content-addressed values. When several nodes share
 * the store, the batch's transaction re-reads all of it and commits only if nothing changed, so a
 * read-modify-write of a counter, a lock table or a name index cannot lose a concurrent node's update.
 * On one node the committer is the only writer and no read set is kept.
 */
final class ReadSet {
    private record Key(TenantId tenant, String key) {}

    private record Scan(TenantId tenant, KeyRange range, int limit, List<KeyValue> seen) {}

    private final Map<Key, Optional<byte[]>> gets = new LinkedHashMap<>();
    private final List<Scan> scans = new ArrayList<>();

    /** Records a point read, unless the key names immutable content. The first value seen wins. */
    void get(TenantId tenant, String key, Optional<byte[]> seen) {
        if (!KeySpace.isImmutable(key)) {
            gets.putIfAbsent(new Key(tenant, key), seen);
        }
    }

    /** Records a range read of at most {@code limit} keys that returned {@code seen}. */
    void scan(TenantId tenant, KeyRange range, int limit, List<KeyValue> seen) {
        scans.add(new Scan(tenant, range, limit, List.copyOf(seen)));
    }

    /** Adds the reads of a change that succeeded. */
    void absorb(ReadSet unit) {
        unit.gets.forEach(gets::putIfAbsent);
        scans.addAll(unit.scans);
    }

    /** Returns whether every recorded read still gives the same answer inside {@code tx}. */
    boolean stillValid(WriteTx tx) {
        for (Map.Entry<Key, Optional<byte[]>> e : gets.entrySet()) {
            Optional<byte[]> now = tx.get(e.getKey().tenant(), e.getKey().key());
            if (!sameValue(e.getValue(), now)) {
                return false;
            }
        }
        for (Scan s : scans) {
            if (!sameEntries(s.seen(), tx.scan(s.tenant(), s.range(), s.limit()))) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return gets.isEmpty() && scans.isEmpty();
    }

    private static boolean sameValue(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    private static boolean sameEntries(List<KeyValue> a, List<KeyValue> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).key().equals(b.get(i).key())
                    || !Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }
}
