package io.aetherfs.core.tree;

import io.aetherfs.core.model.Names;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Operations on one directory's chunk tree: find an entry, iterate entries in name order, and apply a
 * batch of edits. An edit rebuilds only the chunks that hold an edited name plus the few neighbours
 * needed to realign chunk boundaries, and reuses every other chunk as is, so its cost depends on the
 * number of edits, not on the size of the directory.
 */
final class ChunkTree {
    private ChunkTree() {}

    /** Returns the entry named {@code name}, if any. */
    public static Optional<Entry> find(ChunkRef root, String name, NodeSource source) {
        Chunk c = root.resolve(source);
        while (c.level() > 0) {
            int i = c.search(name);
            if (i < 0) {
                i = -i - 1;
                if (i == c.size()) {
                    return Optional.empty();
                }
            }
            c = c.child(i).resolve(source);
        }
        int i = c.search(name);
        return i >= 0 ? Optional.of(c.entry(i)) : Optional.empty();
    }

    /**
     * Returns the tree with the edits applied: a non-null value puts the entry, a null value removes the
     * name (absent names are ignored). Keys of {@code edits} must be ordered by {@link Names#ORDER}.
     */
    public static ChunkRef edit(ChunkRef root, NavigableMap<String, Entry> edits, NodeSource source) {
        if (edits.isEmpty()) {
            return root;
        }
        if (edits.comparator() != Names.ORDER) {
            throw new IllegalArgumentException("edits must be ordered by Names.ORDER");
        }
        ChunkBuilder b = new ChunkBuilder();
        walk(root.resolve(source), edits, true, b, source);
        return b.finish(source);
    }

    private static void walk(
            Chunk c, SortedMap<String, Entry> edits, boolean rightmost, ChunkBuilder b, NodeSource source) {
        if (c.level() == 0) {
            mergeLeaf(c, edits, b);
            return;
        }
        String prev = null;
        for (int i = 0; i < c.size(); i++) {
            boolean last = i == c.size() - 1;
            String key = c.key(i);
            SortedMap<String, Entry> sub = rangeOf(edits, prev, last && rightmost ? null : key);
            if (sub.isEmpty() && b.alignedBelow(c.level())) {
                b.addChunk(c.level() - 1, key, c.child(i), c.stats(i));
            } else {
                walk(c.child(i).resolve(source), sub, rightmost && last, b, source);
            }
            prev = key;
        }
    }

    /** Returns the edits with keys in (after, upTo], or (after, ∞) when upTo is null. */
    private static SortedMap<String, Entry> rangeOf(SortedMap<String, Entry> edits, String after, String upTo) {
        SortedMap<String, Entry> m = edits;
        if (after != null) {
            m = m.tailMap(after + "\0"); // smallest name greater than `after`
        }
        if (upTo != null) {
            m = m.headMap(upTo + "\0"); // names ≤ upTo
        }
        return m;
    }

    private static void mergeLeaf(Chunk c, SortedMap<String, Entry> edits, ChunkBuilder b) {
        Iterator<Map.Entry<String, Entry>> e = edits.entrySet().iterator();
        Map.Entry<String, Entry> next = e.hasNext() ? e.next() : null;
        for (int i = 0; i < c.size(); i++) {
            String name = c.key(i);
            while (next != null && Names.compare(next.getKey(), name) < 0) {
                if (next.getValue() != null) {
                    b.addEntry(next.getKey(), next.getValue());
                }
                next = e.hasNext() ? e.next() : null;
            }
            if (next != null && next.getKey().equals(name)) {
                if (next.getValue() != null) {
                    b.addEntry(name, next.getValue());
                }
                next = e.hasNext() ? e.next() : null;
            } else {
                b.addEntry(name, c.entry(i));
            }
        }
        while (next != null) {
            if (next.getValue() != null) {
                b.addEntry(next.getKey(), next.getValue());
            }
            next = e.hasNext() ? e.next() : null;
        }
    }

    /** Returns an iterator over the entries with names strictly after {@code after} (null: from the first). */
    public static Iterator<Map.Entry<String, Entry>> iterator(ChunkRef root, String after, NodeSource source) {
        return new EntryIterator(root.resolve(source), after, source);
    }

    /** Iterates level-0 entries in order with a stack of (chunk, next index). */
    private static final class EntryIterator implements Iterator<Map.Entry<String, Entry>> {
        private final Deque<Chunk> chunks = new ArrayDeque<>();
        private final Deque<int[]> positions = new ArrayDeque<>();
        private final NodeSource source;

        EntryIterator(Chunk root, String after, NodeSource source) {
            this.source = source;
            Chunk c = root;
            while (true) {
                int i = 0;
                if (after != null) {
                    int s = c.search(after);
                    i = c.level() == 0 ? (s >= 0 ? s + 1 : -s - 1) : (s >= 0 ? s : -s - 1);
                }
                push(c, i);
                if (c.level() == 0 || i >= c.size()) {
                    break;
                }
                positions.peek()[0]++;
                c = c.child(i).resolve(source);
            }
            settle();
        }

        private void push(Chunk c, int i) {
            chunks.push(c);
            positions.push(new int[] {i});
        }

        /** Moves to the next available entry, descending into children and popping exhausted chunks. */
        private void settle() {
            while (!chunks.isEmpty()) {
                Chunk c = chunks.peek();
                int[] pos = positions.peek();
                if (pos[0] >= c.size()) {
                    chunks.pop();
                    positions.pop();
                    continue;
                }
                if (c.level() == 0) {
                    return;
                }
                Chunk child = c.child(pos[0]).resolve(source);
                pos[0]++;
                push(child, 0);
            }
        }

        @Override
        public boolean hasNext() {
            return !chunks.isEmpty();
        }

        @Override
        public Map.Entry<String, Entry> next() {
            if (chunks.isEmpty()) {
                throw new NoSuchElementException();
            }
            Chunk c = chunks.peek();
            int[] pos = positions.peek();
            Map.Entry<String, Entry> e = Map.entry(c.key(pos[0]), c.entry(pos[0]));
            pos[0]++;
            settle();
            return e;
        }
    }
}
