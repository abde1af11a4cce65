package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The extended attributes of an entry: an immutable map from name to bytes, in UTF-8 name order. */
public final class Xattrs {
    public static final Xattrs NONE = new Xattrs(new TreeMap<>(Names.ORDER));

    private final SortedMap<String, byte[]> map;
    private volatile String digest;

    private Xattrs(SortedMap<String, byte[]> map) {
        this.map = map;
    }

    /** Returns xattrs holding copies of the given values. */
    public static Xattrs of(Map<String, byte[]> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        TreeMap<String, byte[]> m = new TreeMap<>(Names.ORDER);
        values.forEach((k, v) -> m.put(k, v.clone()));
        return new Xattrs(m);
    }

    /** Returns whether there are none. */
    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** Returns the number of attributes. */
    public int size() {
        return map.size();
    }

    /** Returns a copy of the value of {@code name}, or null. */
    public byte[] get(String name) {
        byte[] v = map.get(name);
        return v == null ? null : v.clone();
    }

    /** Returns whether {@code name} is set. */
    public boolean contains(String name) {
        return map.containsKey(name);
    }

    /** Returns the names in order. */
    public Iterable<String> names() {
        return Collections.unmodifiableSet(map.keySet());
    }

    /** Returns an unmodifiable view of the entries; values must not be modified. */
    public SortedMap<String, byte[]> asMap() {
        return Collections.unmodifiableSortedMap(map);
    }

    /** Returns a copy with {@code name} set to {@code value}. */
    public Xattrs with(String name, byte[] value) {
        TreeMap<String, byte[]> m = new TreeMap<>(map);
        m.put(name, value.clone());
        return new Xattrs(m);
    }

    /** Returns a copy without {@code name}. */
    public Xattrs without(String name) {
        if (!map.containsKey(name)) {
            return this;
        }
        TreeMap<String, byte[]> m = new TreeMap<>(map);
        m.remove(name);
        return m.isEmpty() ? NONE : new Xattrs(m);
    }

    /** Returns the total bytes of names and values, for limits. */
    public long totalBytes() {
        long n = 0;
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            n += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().length;
        }
        return n;
    }

    /**
     * Returns the canonical xattr digest (spec §6.1): hex SHA-256 of {@code name\0base64(value)\n} lines in
     * UTF-8 name order, or "" when there are none.
     */
    public String digest() {
        String d = digest;
        if (d == null) {
            d = computeDigest();
            digest = d;
        }
        return d;
    }

    private String computeDigest() {
        if (map.isEmpty()) {
            return "";
        }
        MessageDigest md = Hash.sha256();
        Base64.Encoder b64 = Base64.getEncoder();
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(b64.encode(e.getValue()));
            md.update((byte) '\n');
        }
        return Hash.finish(md).hex();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Xattrs x) || x.map.size() != map.size()) {
            return false;
        }
        var a = map.entrySet().iterator();
        var b = x.map.entrySet().iterator();
        while (a.hasNext()) {
            var ea = a.next();
            var eb = b.next();
            if (!ea.getKey().equals(eb.getKey()) || !Arrays.equals(ea.getValue(), eb.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "Xattrs" + map.keySet();
    }
}
