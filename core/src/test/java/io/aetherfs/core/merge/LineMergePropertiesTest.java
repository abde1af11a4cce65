package io.aetherfs.core.merge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Property tests of the line merge, its diff and its text check, over small line alphabets so that equal lines, and
 * with them ambiguous alignments, are common. Seeded, so every run sees the same cases.
 */
class LineMergePropertiesTest {

    private static final long SEED = 0x5EED_AE7E_2F5L;

    /** A few short lines, some differing only in their terminator, so collisions happen all the time. */
    private static final Gen<String> LINE = arbitrary().pick("a\n", "b\n", "c\n", "a\r\n", "\n");

    private static final Gen<List<String>> FILE = lists().of(LINE).ofSizeBetween(0, 14);

    private static final Gen<Edit> EDIT = integers()
            .between(0, 64)
            .zip(integers().between(0, 3), lists().of(LINE).ofSizeBetween(0, 3), Edit::new);

    private static final Gen<List<Edit>> SCRIPT = lists().of(EDIT).ofSizeBetween(0, 4);

    private static final Gen<List<Integer>> IDS =
            lists().of(integers().between(0, 3)).ofSizeBetween(0, 24);

    /** One step of an edit script: at {@code position} (wrapped to the list), delete up to {@code delete} lines and insert. */
    record Edit(int position, int delete, List<String> insert) {}

    private static QuickTheory qtSeeded() {
        return qt().withFixedSeed(SEED).withExamples(1500);
    }

    @Test
    void merge_theirsUnchanged_yieldsOurs() {
        qtSeeded().forAll(FILE, SCRIPT, booleans().all()).checkAssert((base, script, noEol) -> {
            byte[] ancestor = join(base, noEol);
            byte[] ours = join(apply(base, script), noEol);
            assertThat(LineMerge.merge(ancestor, ours, ancestor)).isEqualTo(new LineMergeResult.Clean(ours));
        });
    }

    @Test
    void merge_oursUnchanged_yieldsTheirs() {
        qtSeeded().forAll(FILE, SCRIPT, booleans().all()).checkAssert((base, script, noEol) -> {
            byte[] ancestor = join(base, noEol);
            byte[] theirs = join(apply(base, script), noEol);
            assertThat(LineMerge.merge(ancestor, ancestor, theirs)).isEqualTo(new LineMergeResult.Clean(theirs));
        });
    }

    @Test
    void merge_bothSidesEqual_yieldsThatSide() {
        qtSeeded().forAll(FILE, SCRIPT, booleans().all()).checkAssert((base, script, noEol) -> {
            byte[] ancestor = join(base, noEol);
            byte[] both = join(apply(base, script), noEol);
            assertThat(LineMerge.merge(ancestor, both, both.clone())).isEqualTo(new LineMergeResult.Clean(both));
        });
    }

    @Test
    void merge_swappingSides_givesTheSameResult() {
        qtSeeded()
                .forAll(FILE, SCRIPT, SCRIPT, booleans().all())
                .checkAssert((base, oursScript, theirsScript, noEol) -> {
                    byte[] ancestor = join(base, noEol);
                    byte[] ours = join(apply(base, oursScript), noEol);
                    byte[] theirs = join(apply(base, theirsScript), noEol);
                    assertThat(LineMerge.merge(ancestor, theirs, ours))
                            .isEqualTo(LineMerge.merge(ancestor, ours, theirs));
                });
    }

    @Test
    void merge_editsInSeparateHalves_areBothApplied() {
        // The untouched line between the halves must be one no edit can produce: if it could, the place of an
        // insertion next to it would be ambiguous (inserting "a" before or after "a" is the same change), and like
        // git the merge would rightly report a conflict (see LineMergeTest).
        List<String> separator = List.of("untouched separator\n");
        qtSeeded().forAll(FILE, FILE, SCRIPT, SCRIPT).checkAssert((first, second, firstScript, secondScript) -> {
            List<String> firstEdited = apply(first, firstScript);
            List<String> secondEdited = apply(second, secondScript);
            byte[] ancestor = join(concat(first, separator, second), false);
            byte[] ours = join(concat(firstEdited, separator, second), false);
            byte[] theirs = join(concat(first, separator, secondEdited), false);
            byte[] expected = join(concat(firstEdited, separator, secondEdited), false);
            assertThat(LineMerge.merge(ancestor, ours, theirs)).isEqualTo(new LineMergeResult.Clean(expected));
        });
    }

    @Test
    void diff_appliedToOldSide_reproducesNewSide() {
        qtSeeded().withExamples(4000).forAll(IDS, IDS).checkAssert((oldIds, newIds) -> {
            int[] a = toArray(oldIds);
            int[] b = toArray(newIds);
            List<Hunk> hunks = LineDiff.diff(a, b);
            assertWellFormed(hunks, a, b);
            assertThat(applyHunks(a, b, hunks)).isEqualTo(b);
        });
    }

    @Test
    void diff_ofAnEditedSequence_reproducesIt() {
        qtSeeded().forAll(FILE, SCRIPT).checkAssert((base, script) -> {
            Map<String, Integer> ids = new HashMap<>();
            int[] a = intern(base, ids);
            int[] b = intern(apply(base, script), ids);
            List<Hunk> hunks = LineDiff.diff(a, b);
            assertWellFormed(hunks, a, b);
            assertThat(applyHunks(a, b, hunks)).isEqualTo(b);
        });
    }

    @Test
    void diff_changesAsFewLinesAsALongestCommonSubsequenceAllows() {
        qtSeeded().withExamples(4000).forAll(IDS, IDS).checkAssert((oldIds, newIds) -> {
            int[] a = toArray(oldIds);
            int[] b = toArray(newIds);
            int changed = 0;
            for (Hunk hunk : LineDiff.diff(a, b)) {
                changed += (hunk.oldEnd() - hunk.oldStart()) + (hunk.newEnd() - hunk.newStart());
            }
            assertThat(changed).isEqualTo(a.length + b.length - 2 * lcsLength(a, b));
        });
    }

    @Test
    void diff_withExhaustedBudget_stillReproducesNewSide() {
        qtSeeded().forAll(IDS, IDS, integers().between(1, 40)).checkAssert((oldIds, newIds, budget) -> {
            int[] a = toArray(oldIds);
            int[] b = toArray(newIds);
            List<Hunk> hunks = LineDiff.diff(a, b, budget);
            assertWellFormed(hunks, a, b);
            assertThat(applyHunks(a, b, hunks)).isEqualTo(b);
        });
    }

    @Test
    void isText_agreesWithTheJdkStrictDecoder() {
        Gen<Integer> interesting = arbitrary()
                .pick(
                        0x00, 0x0A, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                        0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF);
        qtSeeded()
                .withExamples(20_000)
                .forAll(lists().of(interesting).ofSizeBetween(0, 6))
                .checkAssert(values -> {
                    byte[] data = new byte[values.size()];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = values.get(i).byteValue();
                    }
                    assertThat(LineMerge.isText(data)).isEqualTo(jdkStrictDecodes(data) && !values.contains(0));
                });
    }

    /** Returns the sequence the script makes of {@code lines}; positions wrap so every step applies. */
    static List<String> apply(List<String> lines, List<Edit> script) {
        List<String> result = new ArrayList<>(lines);
        for (Edit edit : script) {
            int position = edit.position() % (result.size() + 1);
            int delete = Math.min(edit.delete(), result.size() - position);
            result.subList(position, position + delete).clear();
            result.addAll(position, edit.insert());
        }
        return result;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** Returns the lines as file content, dropping the final newline when {@code noEol} is set. */
    private static byte[] join(List<String> lines, boolean noEol) {
        String text = String.join("", lines);
        if (noEol && text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.getBytes(UTF_8);
    }

    /** Returns the lines as ids, numbering lines not yet in {@code ids} as they come. */
    private static int[] intern(List<String> lines, Map<String, Integer> ids) {
        return lines.stream()
                .mapToInt(line -> ids.computeIfAbsent(line, unused -> ids.size()))
                .toArray();
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Asserts that hunks are in range, sorted, and separated by at least one unchanged line on both sides. */
    private static void assertWellFormed(List<Hunk> hunks, int[] a, int[] b) {
        int oldEnd = -1;
        int newEnd = -1;
        for (Hunk hunk : hunks) {
            assertThat(hunk.oldStart()).isGreaterThan(oldEnd);
            assertThat(hunk.newStart()).isGreaterThan(newEnd);
            assertThat(hunk.newStart() - newEnd).isEqualTo(hunk.oldStart() - oldEnd);
            oldEnd = hunk.oldEnd();
            newEnd = hunk.newEnd();
        }
        assertThat(oldEnd).isLessThanOrEqualTo(a.length);
        assertThat(newEnd).isLessThanOrEqualTo(b.length);
        if (!hunks.isEmpty()) {
            assertThat(a.length - oldEnd).isEqualTo(b.length - newEnd);
        }
    }

    /** Returns {@code a} with every hunk's old lines replaced by its new lines taken from {@code b}. */
    private static int[] applyHunks(int[] a, int[] b, List<Hunk> hunks) {
        int[] result = new int[b.length + a.length + 1];
        int n = 0;
        int cursor = 0;
        for (Hunk hunk : hunks) {
            for (int i = cursor; i < hunk.oldStart(); i++) {
                result[n++] = a[i];
            }
            for (int j = hunk.newStart(); j < hunk.newEnd(); j++) {
                result[n++] = b[j];
            }
            cursor = hunk.oldEnd();
        }
        for (int i = cursor; i < a.length; i++) {
            result[n++] = a[i];
        }
        return Arrays.copyOf(result, n);
    }

    /** Returns the length of a longest common subsequence by textbook dynamic programming. */
    private static int lcsLength(int[] a, int[] b) {
        int[][] table = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
            }
        }
        return table[0][0];
    }

    private static boolean jdkStrictDecodes(byte[] data) {
        try {
            UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
