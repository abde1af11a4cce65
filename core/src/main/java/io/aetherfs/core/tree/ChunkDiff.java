package io.aetherfs.core.tree;

import io.aetherfs.core.model.Names;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares the children of two directories, reporting names whose entries differ and skipping every
 * pair of identical chunks. Because chunk boundaries depend only on names, identical runs of entries
 * are stored as identical chunks, so the work follows the differences, not the directory size.
 */
final class ChunkDiff {
    /** Receives a differing name with its entry on each side (null where absent). */
    @FunctionalInterface
    public interface Visitor {
        void differs(String name, Entry a, Entry b);
    }

    private ChunkDiff() {}

    /** Reports every name whose entries in {@code a} and {@code b} are not identical, in name order. */
    public static void diff(ChunkRef a, ChunkRef b, NodeSource source, Visitor v) {
        if (a.sameAs(b)) {
            return;
        }
        Chunk ca = a.resolve(source);
        Chunk cb = b.resolve(source);
        if (ca.level() != cb.level() || ca.level() == 0) {
            mergeEntries(List.of(a), List.of(b), source, v);
            return;
        }
        List<ChunkRef> regionA = new ArrayList<>();
        List<ChunkRef> regionB = new ArrayList<>();
        int i = 0;
        int j = 0;
        boolean aligned = true;
        while (i < ca.size() || j < cb.size()) {
            String ka = i < ca.size() ? ca.key(i) : null;
            String kb = j < cb.size() ? cb.key(j) : null;
            if (aligned && ka != null && ka.equals(kb)) {
                diff(ca.child(i++), cb.child(j++), source, v); // same key range on both sides
                continue;
            }
            aligned = false;
            int c = ka == null ? 1 : kb == null ? -1 : Names.compare(ka, kb);
            if (c <= 0) {
                regionA.add(ca.child(i++));
            }
            if (c >= 0) {
                regionB.add(cb.child(j++));
            }
            if (c == 0) {
                mergeEntries(regionA, regionB, source, v);
                regionA.clear();
                regionB.clear();
                aligned = true;
            }
        }
        if (!regionA.isEmpty() || !regionB.isEmpty()) {
            mergeEntries(regionA, regionB, source, v);
        }
    }

    /** Walks the entries under two lists of chunks side by side and reports differing names. */
    private static void mergeEntries(List<ChunkRef> as, List<ChunkRef> bs, NodeSource source, Visitor v) {
        Iterator<Map.Entry<String, Entry>> ia = entries(as, source);
        Iterator<Map.Entry<String, Entry>> ib = entries(bs, source);
        Map.Entry<String, Entry> ea = ia.hasNext() ? ia.next() : null;
        Map.Entry<String, Entry> eb = ib.hasNext() ? ib.next() : null;
        while (ea != null || eb != null) {
            int c = ea == null ? 1 : eb == null ? -1 : Names.compare(ea.getKey(), eb.getKey());
            if (c < 0) {
                v.differs(ea.getKey(), ea.getValue(), null);
                ea = ia.hasNext() ? ia.next() : null;
            } else if (c > 0) {
                v.differs(eb.getKey(), null, eb.getValue());
                eb = ib.hasNext() ? ib.next() : null;
            } else {
                if (!identical(ea.getValue(), eb.getValue())) {
                    v.differs(ea.getKey(), ea.getValue(), eb.getValue());
                }
                ea = ia.hasNext() ? ia.next() : null;
                eb = ib.hasNext() ? ib.next() : null;
            }
        }
    }

    /** Returns whether two entries are stored identically (directories compared by their chunks). */
    public static boolean identical(Entry a, Entry b) {
        if (a == b) {
            return true;
        }
        if (a instanceof DirEntry da && b instanceof DirEntry db) {
            return da.attrs().equals(db.attrs())
                    && da.stats().equals(db.stats())
                    && da.children().sameAs(db.children());
        }
        return a.equals(b);
    }

    private static Iterator<Map.Entry<String, Entry>> entries(List<ChunkRef> refs, NodeSource source) {
        List<Iterator<Map.Entry<String, Entry>>> parts = new ArrayList<>();
        for (ChunkRef r : refs) {
            parts.add(ChunkTree.iterator(r, null, source));
        }
        return new Iterator<>() {
            int k = 0;

            @Override
            public boolean hasNext() {
                while (k < parts.size() && !parts.get(k).hasNext()) {
                    k++;
                }
                return k < parts.size();
            }

            @Override
            public Map.Entry<String, Entry> next() {
                hasNext();
                return parts.get(k).next();
            }
        };
    }
}
