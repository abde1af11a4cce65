package io.aetherfs.core.tree;

import static io.aetherfs.core.tree.TestTrees.attrs;
import static io.aetherfs.core.tree.TestTrees.chunkOf;
import static io.aetherfs.core.tree.TestTrees.file;
import static io.aetherfs.core.tree.TestTrees.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.aetherfs.core.model.Names;
import io.aetherfs.core.tree.TestTrees.MapSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link ChunkDiff}: on two random directories (one often derived from the other, so they
 * share chunks) it reports exactly what a naive walk over both sorted entry maps reports, in name order,
 * and the chunks it loads follow the differences rather than the directory size.
 */
class ChunkDiffPropertiesTest {
    /** One difference as the visitor reports it, each side as {@link #stored}. */
    private record Seen(String name, Object a, Object b) {
        Seen(String name, Entry a, Entry b) {
            this(name, stored(a), stored(b));
        }
    }

    /**
     * Returns what identifies an entry as stored: a directory read back from a stored chunk holds a new
     * reference to the same children, so directories compare by attributes, stats and children's identity.
     */
    private static Object stored(Entry e) {
        return e instanceof DirEntry d
                ? List.of(d.attrs(), d.stats(), d.children().identity())
                : e;
    }

    @Test
    void diff_randomDirectories_equalsNaiveDiff() {
        qt().withFixedSeed(17L).withExamples(100).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            MapSource source = new MapSource();
            TreeMap<String, Entry> a = randomEntries(r, r.nextInt(r.nextBoolean() ? 80 : 3000));
            TreeMap<String, Entry> b = r.nextInt(4) == 0 ? randomEntries(r, r.nextInt(2000)) : edited(r, a);
            ChunkRef ra = chunkOf(a, source);
            if (r.nextBoolean()) {
                source.flush(new DirEntry(attrs(1, 0755), ra, DirStats.EMPTY)); // a stored, b partly dirty
            }
            ChunkRef rb = edit(ra, a, b, source);
            assertThat(diff(ra, rb, source)).as("seed %d", seed).isEqualTo(naive(a, b));
            assertThat(diff(rb, ra, source)).as("reversed, seed %d", seed).isEqualTo(naive(b, a));
            assertThat(diff(ra, ra, source)).isEmpty();
        });
    }

    @Test
    void diff_oneChangeInALargeStoredDirectory_loadsFewChunks() {
        Random r = new Random(23);
        MapSource source = new MapSource();
        TreeMap<String, Entry> a = randomEntries(r, 40_000);
        ChunkRef ra = chunkOf(a, source);
        source.flush(new DirEntry(attrs(1, 0755), ra, DirStats.EMPTY));
        assertThat(ra.resolve(source).level()).isGreaterThanOrEqualTo(2);
        for (int i = 0; i < 20; i++) {
            TreeMap<String, Entry> b = new TreeMap<>(a);
            String name = name(r.nextInt(60_000));
            b.put(name, file(7_000_000 + i, 0600, "changed " + i));
            ChunkRef rb = edit(ra, a, b, source);
            source.flush(new DirEntry(attrs(1, 0755), rb, DirStats.EMPTY));
            ChunkRef stored = ChunkRef.stored(rb.identity());
            source.loads = 0;
            assertThat(diff(ChunkRef.stored(ra.identity()), stored, source)).isEqualTo(naive(a, b));
            // a path down each side plus neighbours where a boundary moved
            assertThat(source.loads).as("chunks loaded for one change").isLessThanOrEqualTo(24);
        }
    }

    private static List<Seen> diff(ChunkRef a, ChunkRef b, NodeSource source) {
        List<Seen> out = new ArrayList<>();
        ChunkDiff.diff(a, b, source, (name, ea, eb) -> out.add(new Seen(name, ea, eb)));
        return out;
    }

    /** Walks both sorted maps and reports every name whose entries are not stored identically. */
    private static List<Seen> naive(TreeMap<String, Entry> a, TreeMap<String, Entry> b) {
        TreeSet<String> names = new TreeSet<>(Names.ORDER);
        names.addAll(a.keySet());
        names.addAll(b.keySet());
        List<Seen> out = new ArrayList<>();
        for (String n : names) {
            Entry ea = a.get(n);
            Entry eb = b.get(n);
            if (!same(ea, eb)) {
                out.add(new Seen(n, ea, eb));
            }
        }
        return out;
    }

    private static boolean same(Entry a, Entry b) {
        if (a instanceof DirEntry da && b instanceof DirEntry db) {
            return da.attrs().equals(db.attrs())
                    && da.stats().equals(db.stats())
                    && da.children().identity().equals(db.children().identity());
        }
        return java.util.Objects.equals(a, b);
    }

    /** Returns {@code root} (holding {@code from}) edited to hold {@code to}. */
    private static ChunkRef edit(ChunkRef root, Map<String, Entry> from, Map<String, Entry> to, NodeSource source) {
        TreeMap<String, Entry> edits = new TreeMap<>(Names.ORDER);
        from.keySet().stream().filter(n -> !to.containsKey(n)).forEach(n -> edits.put(n, null));
        to.forEach((n, e) -> {
            if (!e.equals(from.get(n))) {
                edits.put(n, e);
            }
        });
        return edits.isEmpty() ? root : ChunkTree.edit(root, edits, source);
    }

    /** Returns {@code a} with a few entries added, removed or replaced, sometimes by an equal entry. */
    private static TreeMap<String, Entry> edited(Random r, TreeMap<String, Entry> a) {
        TreeMap<String, Entry> b = new TreeMap<>(a);
        List<String> names = new ArrayList<>(a.keySet());
        for (int k = r.nextInt(12); k > 0; k--) {
            int op = r.nextInt(4);
            if (op == 0 && !names.isEmpty()) {
                b.remove(names.get(r.nextInt(names.size())));
            } else if (op == 1 && !names.isEmpty()) {
                String n = names.get(r.nextInt(names.size()));
                b.put(n, entry(r, n.hashCode()));
            } else {
                int key = r.nextInt(5000);
                b.put(name(key), entry(r, key));
            }
        }
        return b;
    }

    private static TreeMap<String, Entry> randomEntries(Random r, int n) {
        TreeMap<String, Entry> out = new TreeMap<>(Names.ORDER);
        for (int i = 0; i < n; i++) {
            int key = r.nextInt(Math.max(1, n * 2));
            out.put(name(key), entry(r, key));
        }
        return out;
    }

    /** Returns a file, symlink or directory; equal arguments may give equal entries. */
    private static Entry entry(Random r, int key) {
        int variant = r.nextInt(3);
        return switch (r.nextInt(6)) {
            case 0 -> symlink(key, "target-" + variant);
            case 1 -> new DirEntry(attrs(key, 0755), ChunkRef.EMPTY, DirStats.EMPTY);
            case 2 -> {
                TreeMap<String, Entry> inner = new TreeMap<>(Names.ORDER);
                inner.put("f" + variant, file(variant, 0644, "inner"));
                yield new DirEntry(attrs(key, 0755), chunkOf(inner, new MapSource()), new DirStats(1, 0, 1, 5, 0));
            }
            default -> file(key, 0644, "v" + variant);
        };
    }

    private static String name(int key) {
        return switch (Math.floorMod(key, 3)) {
            case 0 -> "f" + key;
            case 1 -> "é-" + key;
            default -> "dir-" + key + "-" + "x".repeat(Math.floorMod(key, 20));
        };
    }
}
