package io.aetherfs.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Disjoint changes on both sides always merge cleanly into the union of both change sets. */
class TreeMergePropertiesTest {

    @Test
    void merge_disjointRandomEdits_equalApplyingBoth() {
        qt().withFixedSeed(99L)
                .withExamples(100)
                .forAll(
                        lists().of(integers().between(0, 9999)).ofSizeBetween(0, 60),
                        integers().all())
                .checkAssert((ops, seed) -> {
                    Trees trees = new Trees();
                    Trees.T base = trees.empty();
                    for (int i = 0; i < 40; i++) {
                        base = base.put("d" + (i % 4) + "/f" + i, "base" + i);
                    }
                    Random r = new Random(seed);
                    Trees.T ours = base;
                    Trees.T theirs = base;
                    Trees.T expected = base;
                    for (int op : ops) {
                        // even files belong to ours, odd files to theirs: disjoint by construction
                        boolean mine = op % 2 == 0;
                        String path = "d" + (op % 4) + "/f" + (op % 80);
                        boolean delete = r.nextInt(4) == 0 && expected.text(path) != null;
                        String text = "v" + op;
                        if (mine) {
                            ours = delete ? ours.rm(path) : ours.put(path, text);
                        } else {
                            theirs = delete ? theirs.rm(path) : theirs.put(path, text);
                        }
                        expected = delete ? expected.rm(path) : expected.put(path, text);
                    }
                    MergeOutcome m = trees.merge(base, ours, theirs);
                    assertThat(m.conflicts()).isEmpty();
                    Trees.T got = trees.new T(m.merged());
                    for (int i = 0; i < 80; i++) {
                        String p = "d" + (i % 4) + "/f" + i;
                        assertThat(got.text(p)).as(p).isEqualTo(expected.text(p));
                    }
                });
    }
}
