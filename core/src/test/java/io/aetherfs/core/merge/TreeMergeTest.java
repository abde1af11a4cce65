package io.aetherfs.core.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.tree.TreeDiff;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merge scenarios of spec §8.5. */
class TreeMergeTest {
    private final Trees trees = new Trees();
    private final Trees.T base = trees.empty()
            .put("README.md", "hello\n")
            .put("src/main.go", "package main\n\nfunc a() {}\n\nfunc b() {}\n\nfunc c() {}\n")
            .put("src/util/x.go", "x\n")
            .put("docs/guide.md", "guide\n");

    private Trees.T merged(MergeOutcome m) {
        return trees.new T(m.merged());
    }

    @Test
    void merge_nonOverlappingChanges_takesBothSides() {
        Trees.T ours = base.put("ours.txt", "o").put("src/util/x.go", "x2\n");
        Trees.T theirs = base.put("theirs.txt", "t").rm("docs");
        MergeOutcome m = trees.merge(base, ours, theirs);
        assertThat(m.conflicts()).isEmpty();
        Trees.T r = merged(m);
        assertThat(r.text("ours.txt")).isEqualTo("o");
        assertThat(r.text("theirs.txt")).isEqualTo("t");
        assertThat(r.text("src/util/x.go")).isEqualTo("x2\n");
        assertThat(r.text("docs/guide.md")).isNull();
        assertThat(m.applied())
                .extracting(TreeDiff.Change::path)
                .containsExactlyInAnyOrder(
                        FsPath.parse("theirs.txt"), FsPath.parse("docs"), FsPath.parse("docs/guide.md"));
    }

    @Test
    void merge_directoryChangedAndChangedBack_countsAsUnchanged() {
        Trees.T ours = base.rm("src");
        Trees.T theirs = base.put("src/util/tmp.go", "t\n").rm("src/util/tmp.go");
        MergeOutcome m = trees.merge(base, ours, theirs);
        assertThat(m.conflicts()).isEmpty();
        assertThat(m.applied()).isEmpty();
        assertThat(merged(m).text("src/util/x.go")).isNull();
    }

    @Test
    void merge_sameChangeOnBothSides_isNotAConflict() {
        Trees.T ours = base.put("README.md", "same\n");
        Trees.T theirs = base.put("README.md", "same\n");
        MergeOutcome m = trees.merge(base, ours, theirs);
        assertThat(m.conflicts()).isEmpty();
        assertThat(m.applied()).isEmpty();
    }

    @Test
    void merge_textEditsInDifferentHunks_areMergedLineByLine() {
        Trees.T ours = base.put("src/main.go", "package main\n\nfunc a() { ours() }\n\nfunc b() {}\n\nfunc c() {}\n");
        Trees.T theirs =
                base.put("src/main.go", "package main\n\nfunc a() {}\n\nfunc b() {}\n\nfunc c() { theirs() }\n");
        MergeOutcome m = trees.merge(base, ours, theirs);
        assertThat(m.conflicts()).isEmpty();
        assertThat(m.lineMerged()).containsExactly(FsPath.parse("src/main.go"));
        assertThat(merged(m).text("src/main.go"))
                .isEqualTo("package main\n\nfunc a() { ours() }\n\nfunc b() {}\n\nfunc c() { theirs() }\n");
    }

    @Test
    void merge_overlappingTextEdits_conflictAfterAttemptingLineMerge() {
        Trees.T ours = base.put("README.md", "ours\n");
        Trees.T theirs = base.put("README.md", "theirs\n");
        MergeOutcome m = trees.merge(base, ours, theirs);
        assertThat(m.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo(FsPath.parse("README.md"));
            assertThat(c.kind()).isEqualTo(MergeConflict.Kind.CONTENT);
            assertThat(c.textMergeAttempted()).isTrue();
        });
    }

    @Test
    void merge_withLineMergeOff_conflictsWithoutAttempt() {
        Trees.T ours = base.put("src/main.go", "package main\n\nfunc a() { ours() }\n\nfunc b() {}\n\nfunc c() {}\n");
        Trees.T theirs =
                base.put("src/main.go", "package main\n\nfunc a() {}\n\nfunc b() {}\n\nfunc c() { theirs() }\n");
        MergeOutcome m =
                trees.merge(base, ours, theirs, trees.options(TreeMerge.Strategy.FAIL_ON_CONFLICT, Map.of(), false));
        assertThat(m.conflicts()).singleElement().satisfies(c -> assertThat(c.textMergeAttempted())
                .isFalse());
    }

    @Test
    void merge_conflictKinds_areClassified() {
        Trees.T ours = base.put("README.md", "changed\n")
                .put("new.txt", "a")
                .chmod("docs/guide.md", 0600)
                .put("kind", "file");
        Trees.T theirs = base.rm("README.md")
                .put("new.txt", "b")
                .chmod("docs/guide.md", 0640)
                .mkdir("kind");
        MergeOutcome m =
                trees.merge(base, ours, theirs, trees.options(TreeMerge.Strategy.FAIL_ON_CONFLICT, Map.of(), false));
        Map<FsPath, MergeConflict.Kind> kinds = new java.util.HashMap<>();
        m.conflicts().forEach(c -> kinds.put(c.path(), c.kind()));
        assertThat(kinds)
                .containsOnly(
                        Map.entry(FsPath.parse("README.md"), MergeConflict.Kind.MODIFY_DELETE),
                        Map.entry(FsPath.parse("new.txt"), MergeConflict.Kind.ADD_ADD),
                        Map.entry(FsPath.parse("docs/guide.md"), MergeConflict.Kind.MODE),
                        Map.entry(FsPath.parse("kind"), MergeConflict.Kind.TYPE));
    }

    @Test
    void merge_resolutionsThenStrategy_decideConflicts() {
        Trees.T ours = base.put("README.md", "ours\n").put("docs/guide.md", "ours\n");
        Trees.T theirs = base.put("README.md", "theirs\n").put("docs/guide.md", "theirs\n");
        MergeOutcome m = trees.merge(
                base,
                ours,
                theirs,
                trees.options(TreeMerge.Strategy.OURS, Map.of(FsPath.parse("README.md"), TreeMerge.Side.THEIRS), true));
        assertThat(m.conflicts()).isEmpty();
        assertThat(merged(m).text("README.md")).isEqualTo("theirs\n");
        assertThat(merged(m).text("docs/guide.md")).isEqualTo("ours\n");

        MergeOutcome t = trees.merge(base, ours, theirs, trees.options(TreeMerge.Strategy.THEIRS, Map.of(), true));
        assertThat(merged(t).text("docs/guide.md")).isEqualTo("theirs\n");
    }

    @Test
    void merge_onlyTheirsChangedADirectory_takesItWholesale() {
        Trees.T theirs = base.put("src/util/y.go", "y\n");
        MergeOutcome m = trees.merge(base, base, theirs);
        assertThat(m.merged().children().sameAs(theirs.root.children())).isTrue();
        assertThat(m.applied()).extracting(TreeDiff.Change::path).containsExactly(FsPath.parse("src/util/y.go"));
    }
}
