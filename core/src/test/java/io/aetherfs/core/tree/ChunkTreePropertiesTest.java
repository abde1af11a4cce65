package io.aetherfs.core.tree;

import static io.aetherfs.core.tree.TestTrees.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.aetherfs.core.model.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Properties of directory chunk trees: model equivalence, canonical shape, and bounded edit cost. */
class ChunkTreePropertiesTest {

    /** An edit script step: put (op ≥ 0) or remove (op < 0) of name number |key|. */
    private static String name(int key) {
        // a mix of short, long and non-ASCII names
        return switch (Math.floorMod(key, 4)) {
            case 0 -> "f" + key;
            case 1 -> "dir-" + key + "-" + "x".repeat(Math.floorMod(key, 40));
            case 2 -> "é" + key;
            default -> "\uD83D\uDE00" + key; // above U+FFFF: checks UTF-8 ordering
        };
    }

    @Test
    void edit_randomScripts_matchSortedMapModel() {
        qt().withFixedSeed(42L)
                .withExamples(200)
                .forAll(lists().of(integers().between(-3000, 3000)).ofSizeBetween(0, 400))
                .checkAssert(script -> {
                    MapSource source = new MapSource();
                    TreeMap<String, Entry> model = new TreeMap<>(Names.ORDER);
                    ChunkRef root = ChunkRef.EMPTY;
                    int step = 0;
                    for (int k : script) {
                        TreeMap<String, Entry> edit = new TreeMap<>(Names.ORDER);
                        String n = name(Math.abs(k));
                        if (k >= 0) {
                            Entry e = file(step, 0644, "v" + step);
                            edit.put(n, e);
                            model.put(n, e);
                        } else {
                            edit.put(n, null);
                            model.remove(n);
                        }
                        root = ChunkTree.edit(root, edit, source);
                        if (++step % 97 == 0) {
                            source.flush(new DirEntry(attrs(1, 0755), root, DirStats.EMPTY));
                        }
                    }
                    assertSameEntries(root, model, source);
                    assertCanonicalShape(root, source);
                    assertThat(root.resolve(source).total().entries()).isEqualTo(model.size());
                });
    }

    @Test
    void edit_anyInsertionOrder_yieldsIdenticalChunks() {
        qt().withFixedSeed(7L)
                .withExamples(50)
                .forAll(integers().between(0, 3000), integers().all())
                .checkAssert((n, seed) -> {
                    List<Integer> keys = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        keys.add(i);
                    }
                    ChunkRef bulk = build(keys, 1_000_000);
                    Collections.shuffle(keys, new Random(seed));
                    ChunkRef oneByOne = build(keys, 1);
                    ChunkRef batches = build(keys, 37);
                    assertThat(oneByOne.identity()).isEqualTo(bulk.identity());
                    assertThat(batches.identity()).isEqualTo(bulk.identity());
                });
    }

    @Test
    void edit_afterDeletingEverything_returnsEmptyDirectory() {
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keys.add(i);
        }
        MapSource source = new MapSource();
        ChunkRef root = build(keys, 100);
        Collections.shuffle(keys, new Random(3));
        for (int k : keys) {
            TreeMap<String, Entry> edit = new TreeMap<>(Names.ORDER);
            edit.put(name(k), null);
            root = ChunkTree.edit(root, edit, source);
        }
        assertThat(root).isSameAs(ChunkRef.EMPTY);
    }

    @Test
    void edit_singleChangeInLargeStoredDirectory_loadsFewChunks() {
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(i);
        }
        MapSource source = new MapSource();
        ChunkRef root = build(keys, 1_000_000);
        DirEntry dir = new DirEntry(attrs(1, 0755), root, root.resolve(source).total());
        source.flush(dir);
        assertThat(root.resolve(source).level()).isGreaterThanOrEqualTo(2);

        Random r = new Random(11);
        int maxLoads = 0;
        for (int i = 0; i < 200; i++) {
            source.loads = 0;
            TreeMap<String, Entry> edit = new TreeMap<>(Names.ORDER);
            int k = r.nextInt(120_000);
            edit.put(name(k), r.nextBoolean() ? file(k, 0644, "new" + i) : null);
            ChunkTree.edit(root, edit, source);
            maxLoads = Math.max(maxLoads, source.loads);
        }
        // one path of 3–4 levels plus a neighbour per level to realign boundaries
        assertThat(maxLoads).isLessThanOrEqualTo(16);
    }

    @Test
    void iterator_afterKey_resumesExactlyAfterIt() {
        MapSource source = new MapSource();
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            keys.add(i);
        }
        ChunkRef root = build(keys, 1_000_000);
        TreeMap<String, Entry> model = new TreeMap<>(Names.ORDER);
        for (int k : keys) {
            model.put(name(k), null);
        }
        Random r = new Random(5);
        for (int i = 0; i < 100; i++) {
            String after = name(r.nextInt(6000));
            Iterator<Map.Entry<String, Entry>> it = ChunkTree.iterator(root, after, source);
            List<String> got = new ArrayList<>();
            while (it.hasNext() && got.size() < 50) {
                got.add(it.next().getKey());
            }
            List<String> want =
                    model.tailMap(after, false).keySet().stream().limit(50).toList();
            assertThat(got).isEqualTo(want);
        }
    }

    private static ChunkRef build(List<Integer> keys, int batch) {
        MapSource source = new MapSource();
        ChunkRef root = ChunkRef.EMPTY;
        for (int i = 0; i < keys.size(); i += batch) {
            TreeMap<String, Entry> edit = new TreeMap<>(Names.ORDER);
            for (int k : keys.subList(i, Math.min(keys.size(), i + batch))) {
                edit.put(name(k), file(k, 0644, "c" + k));
            }
            root = ChunkTree.edit(root, edit, source);
        }
        return root;
    }

    private static void assertSameEntries(ChunkRef root, TreeMap<String, Entry> model, NodeSource source) {
        List<Map.Entry<String, Entry>> got = new ArrayList<>();
        ChunkTree.iterator(root, null, source).forEachRemaining(got::add);
        assertThat(got).hasSize(model.size());
        int i = 0;
        for (Map.Entry<String, Entry> e : model.entrySet()) {
            assertThat(got.get(i).getKey()).isEqualTo(e.getKey());
            assertThat(got.get(i).getValue()).isEqualTo(e.getValue());
            assertThat(ChunkTree.find(root, e.getKey(), source)).contains(e.getValue());
            i++;
        }
        assertThat(ChunkTree.find(root, "not-there", source)).isEmpty();
    }

    /** Every chunk but the last of its level ends at a boundary; inner keys are their child's last key. */
    private static void assertCanonicalShape(ChunkRef root, NodeSource source) {
        Chunk c = root.resolve(source);
        List<List<Chunk>> levels = new ArrayList<>();
        collect(c, levels, source);
        for (List<Chunk> level : levels) {
            for (int i = 0; i < level.size(); i++) {
                Chunk ch = level.get(i);
                if (ch.size() == 0) {
                    assertThat(root).isSameAs(ChunkRef.EMPTY); // only the empty directory has an empty chunk
                    continue;
                }
                boolean endsAtBoundary = Boundary.isBoundary(ch.level(), ch.key(ch.size() - 1));
                if (i < level.size() - 1) {
                    assertThat(endsAtBoundary).isTrue();
                }
                for (int j = 0; j + 1 < ch.size(); j++) {
                    assertThat(Names.compare(ch.key(j), ch.key(j + 1))).isNegative();
                    assertThat(Boundary.isBoundary(ch.level(), ch.key(j))).isFalse();
                }
            }
        }
        if (c.level() > 0) {
            assertThat(c.size()).isGreaterThan(1);
        }
    }

    private static void collect(Chunk c, List<List<Chunk>> levels, NodeSource source) {
        while (levels.size() <= c.level()) {
            levels.add(new ArrayList<>());
        }
        levels.get(c.level()).add(c);
        for (int i = 0; c.level() > 0 && i < c.size(); i++) {
            Chunk child = c.child(i).resolve(source);
            assertThat(c.key(i)).isEqualTo(child.key(child.size() - 1));
            assertThat(c.stats(i)).isEqualTo(child.total());
            collect(child, levels, source);
        }
    }
}
