package io.aetherfs.core.merge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Guards the line merge against pathological complexity on inputs near the 8 MiB text limit. The bounds are generous
 * on purpose: these are not benchmarks, they fail only when an algorithm goes quadratic or unbounded.
 */
class LineMergePerformanceTest {

    private static final Duration GUARD = Duration.ofSeconds(20);
    private static final int LINES = 200_000;
    private static final int BLOCKS = 600; // ours edits the even blocks, theirs the odd ones

    @Test
    void merge_nearLimitFilesWithScatteredEdits_completesAndMergesBoth() {
        Random random = new Random(42);
        List<String> base = numberedLines(LINES);
        List<String> ours = new ArrayList<>(base);
        List<String> theirs = new ArrayList<>(base);
        List<String> both = new ArrayList<>(base);
        int blockSize = LINES / BLOCKS;
        for (int block = BLOCKS - 1; block >= 0; block--) { // back to front, so earlier indexes stay valid
            int at = block * blockSize + blockSize / 2;
            int kind = random.nextInt(4);
            String donor = base.get(random.nextInt(LINES)); // an existing line, so the diff cannot discard it
            edit(block % 2 == 0 ? ours : theirs, at, kind, donor, block);
            edit(both, at, kind, donor, block);
        }
        byte[] ancestor = join(base);
        byte[] oursBytes = join(ours);
        byte[] theirsBytes = join(theirs);
        assertThat(ancestor.length).isBetween(7_000_000, LineMerge.MAX_TEXT_BYTES);

        LineMergeResult result = timed("scattered edits, merge of three ~8 MiB versions", () -> {
            assertThat(LineMerge.isText(ancestor) && LineMerge.isText(oursBytes) && LineMerge.isText(theirsBytes))
                    .isTrue();
            return LineMerge.merge(ancestor, oursBytes, theirsBytes);
        });
        assertThat(result).isEqualTo(new LineMergeResult.Clean(join(both)));
    }

    @Test
    void diff_nearLimitFilesWithScatteredEdits_findsEveryEdit() {
        Random random = new Random(7);
        List<String> base = numberedLines(LINES);
        List<String> edited = new ArrayList<>(base);
        for (int k = 0; k < 500; k++) { // replace lines with copies of others: nothing is unique, Myers does the work
            edited.set(random.nextInt(LINES), base.get(random.nextInt(LINES)));
        }
        LineInterner interner = new LineInterner();
        Lines oldLines = Lines.split(join(base), interner);
        Lines newLines = Lines.split(join(edited), interner);
        List<Hunk> hunks = timed("scattered edits, diff of two ~8 MiB versions", () -> {
            return LineDiff.diff(oldLines.ids(), newLines.ids());
        });
        assertThat(hunks).hasSizeBetween(400, 500);
        assertThat(hunks)
                .allSatisfy(hunk -> assertThat(hunk.oldEnd() - hunk.oldStart()).isLessThanOrEqualTo(2));
    }

    @Test
    void merge_completelyDifferentVersions_conflictsQuickly() {
        List<String> base = numberedLines(LINES);
        List<String> ours = base.stream().map(line -> "ours " + line).toList();
        List<String> theirs = base.stream().map(line -> "theirs " + line).toList();
        LineMergeResult result =
                timed("unrelated versions", () -> LineMerge.merge(join(base), join(ours), join(theirs)));
        assertThat(result).isEqualTo(new LineMergeResult.Conflict(1));
    }

    @Test
    void merge_rewrittenVersionsFromASharedVocabulary_hitTheBudgetAndStayBounded() {
        // Every line occurs on all sides, so nothing is set aside, and the versions share no long runs: the worst
        // case for Myers. The work budget must cut the search short.
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            vocabulary.add("    statement(" + i + ");\n");
        }
        List<String> base = randomLines(new Random(1), vocabulary, LINES);
        List<String> ours = randomLines(new Random(2), vocabulary, LINES);
        List<String> theirs = randomLines(new Random(3), vocabulary, LINES);
        LineMergeResult result =
                timed("rewritten versions", () -> LineMerge.merge(join(base), join(ours), join(theirs)));
        assertThat(result).isInstanceOf(LineMergeResult.Conflict.class);
    }

    /** Applies one kind of edit at {@code at}: replace, insert two lines, delete two lines, or insert a copy. */
    private static void edit(List<String> lines, int at, int kind, String donor, int block) {
        switch (kind) {
            case 0 -> lines.set(at, "changed in block " + block + "\n");
            case 1 -> lines.addAll(at, List.of("inserted " + block + "a\n", "inserted " + block + "b\n"));
            case 2 -> lines.subList(at, at + 2).clear();
            default -> lines.add(at, donor);
        }
    }

    private static List<String> numberedLines(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add("%07d lorem ipsum dolor sit amet, co\n".formatted(i));
        }
        return lines;
    }

    private static List<String> randomLines(Random random, List<String> vocabulary, int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(vocabulary.get(random.nextInt(vocabulary.size())));
        }
        return lines;
    }

    private static byte[] join(List<String> lines) {
        return String.join("", lines).getBytes(UTF_8);
    }

    /** Runs {@code work} under the guard timeout and prints how long it took. */
    private static <T> T timed(String what, org.junit.jupiter.api.function.ThrowingSupplier<T> work) {
        return assertTimeoutPreemptively(GUARD, () -> {
            long start = System.nanoTime();
            T value = work.get();
            System.out.printf(
                    "LineMergePerformanceTest: %s took %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
            return value;
        });
    }
}
