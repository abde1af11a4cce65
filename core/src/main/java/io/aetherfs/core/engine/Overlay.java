package io.aetherfs.core.engine;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.WriteTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Buffered key-value writes of a change or a batch: point puts and deletes plus range deletes, in a
 * form that reads can consult and that {@link #absorb} can stack onto a parent buffer.
 */
final class Overlay {
    /** The latest point write per key: a value, or null for a delete. */
    private final Map<TenantId, TreeMap<String, byte[]>> points = new HashMap<>();

    private final Map<TenantId, List<KeyRange>> rangeDeletes = new HashMap<>();

    /** What this overlay says about a key: written (value or deleted) or unknown here. */
    sealed interface Lookup {
        record Written(Optional<byte[]> value) implements Lookup {}

        record Unknown() implements Lookup {}
    }

    void put(TenantId t, String key, byte[] value) {
        points.computeIfAbsent(t, x -> new TreeMap<>()).put(key, value);
    }

    void delete(TenantId t, String key) {
        points.computeIfAbsent(t, x -> new TreeMap<>()).put(key, null);
    }

    void deleteRange(TenantId t, KeyRange range) {
        TreeMap<String, byte[]> p = points.get(t);
        if (p != null) {
            p.subMap(range.from(), true, range.to(), false).clear();
        }
        rangeDeletes.computeIfAbsent(t, x -> new ArrayList<>()).add(range);
    }

    Lookup lookup(TenantId t, String key) {
        TreeMap<String, byte[]> p = points.get(t);
        if (p != null && p.containsKey(key)) {
            return new Lookup.Written(Optional.ofNullable(p.get(key)));
        }
        for (KeyRange r : rangeDeletes.getOrDefault(t, List.of())) {
            if (r.contains(key)) {
                return new Lookup.Written(Optional.empty());
            }
        }
        return new Lookup.Unknown();
    }

    /** Returns {@code below} (entries from underneath) with this overlay's writes in {@code range} applied. */
    List<KeyValue> overlayScan(TenantId t, KeyRange range, List<KeyValue> below) {
        TreeMap<String, byte[]> merged = new TreeMap<>();
        for (KeyValue kv : below) {
            if (!deletedByRange(t, kv.key())) {
                merged.put(kv.key(), kv.value());
            }
        }
        TreeMap<String, byte[]> p = points.get(t);
        if (p != null) {
            for (Map.Entry<String, byte[]> e :
                    p.subMap(range.from(), true, range.to(), false).entrySet()) {
                if (e.getValue() == null) {
                    merged.remove(e.getKey());
                } else {
                    merged.put(e.getKey(), e.getValue());
                }
            }
        }
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : (range.reverse() ? merged.descendingMap() : merged).entrySet()) {
            out.add(new KeyValue(e.getKey(), e.getValue()));
        }
        return out;
    }

    private boolean deletedByRange(TenantId t, String key) {
        for (KeyRange r : rangeDeletes.getOrDefault(t, List.of())) {
            if (r.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** Stacks {@code top}'s writes onto this overlay, as if they had been made here after ours. */
    void absorb(Overlay top) {
        top.rangeDeletes.forEach((t, ranges) -> ranges.forEach(r -> deleteRange(t, r)));
        top.points.forEach(
                (t, p) -> points.computeIfAbsent(t, x -> new TreeMap<>()).putAll(p));
    }

    boolean isEmpty() {
        return points.isEmpty() && rangeDeletes.isEmpty();
    }

    /** Writes everything to a store transaction: range deletes first, then the surviving point writes. */
    void writeTo(WriteTx tx) {
        rangeDeletes.forEach((t, ranges) -> ranges.forEach(r -> tx.deleteRange(t, r)));
        points.forEach((t, p) -> p.forEach((k, v) -> {
            if (v == null) {
                tx.delete(t, k);
            } else {
                tx.put(t, k, v);
            }
        }));
    }
}
