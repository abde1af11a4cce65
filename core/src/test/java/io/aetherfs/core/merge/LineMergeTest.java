package io.aetherfs.core.merge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Example-based tests of the line-level three-way merge and of the text check that guards it. */
class LineMergeTest {

    private static final String BASE = "1\n2\n3\n4\n5\n6\n";

    @Test
    void merge_nonOverlappingEditsAtTopAndBottom_takesBoth() {
        assertClean(BASE, "ONE\n2\n3\n4\n5\n6\n", "1\n2\n3\n4\n5\nSIX\n", "ONE\n2\n3\n4\n5\nSIX\n");
    }

    @Test
    void merge_sameEditOnBothSides_takesItOnce() {
        assertClean(BASE, "1\n2\nTHREE\n4\n5\n6\n", "1\n2\nTHREE\n4\n5\n6\n", "1\n2\nTHREE\n4\n5\n6\n");
    }

    @Test
    void merge_sameEditPlusOneSidedEdit_takesBoth() {
        assertClean(BASE, "1\n2\nTHREE\n4\n5\n6\n", "1\n2\nTHREE\n4\n5\nSIX\n", "1\n2\nTHREE\n4\n5\nSIX\n");
    }

    @Test
    void merge_overlappingDifferentEdits_conflicts() {
        assertConflict(BASE, "1\n2\nX\n4\n5\n6\n", "1\n2\nY\n4\n5\n6\n", 1);
    }

    @Test
    void merge_overlappingRangesOfDifferentLength_conflicts() {
        assertConflict(BASE, "1\nX\nX\n4\n5\n6\n", "1\n2\nY\nY\nY\n6\n", 1);
    }

    @Test
    void merge_adjacentEdits_conflicts() {
        assertConflict(BASE, "1\n2\nX\n4\n5\n6\n", "1\n2\n3\nY\n5\n6\n", 1);
    }

    @Test
    void merge_editsOneUnchangedLineApart_takesBoth() {
        assertClean(BASE, "1\n2\nX\n4\n5\n6\n", "1\n2\n3\n4\nY\n6\n", "1\n2\nX\n4\nY\n6\n");
    }

    @Test
    void merge_differentInsertionsAtSamePoint_conflicts() {
        assertConflict(BASE, "1\n2\nours\n3\n4\n5\n6\n", "1\n2\ntheirs\n3\n4\n5\n6\n", 1);
    }

    @Test
    void merge_identicalInsertionsAtSamePoint_takesItOnce() {
        assertClean(BASE, "1\n2\nnew\n3\n4\n5\n6\n", "1\n2\nnew\n3\n4\n5\n6\n", "1\n2\nnew\n3\n4\n5\n6\n");
    }

    @Test
    void merge_insertionNextToEditedLine_conflicts() {
        assertConflict(BASE, "1\n2\nX\n4\n5\n6\n", "1\n2\n3\nnew\n4\n5\n6\n", 1);
    }

    @Test
    void merge_insertionsAroundAnEqualLine_areAmbiguousAndConflict() {
        // Ours put "a" lines before the ancestor's "a", theirs one after it; line by line both read as insertions
        // right after "a", so, as in git, the merge does not guess an order.
        assertConflict("a\n", "a\na\na\na\na\n", "a\na\n", 1);
    }

    @Test
    void merge_deletionOnOneSideAndEditElsewhereOnOther_takesBoth() {
        assertClean(BASE, "1\n4\n5\n6\n", "1\n2\n3\n4\n5\nSIX\n", "1\n4\n5\nSIX\n");
    }

    @Test
    void merge_bothSidesDeleteSameLines_takesDeletionOnce() {
        assertClean(BASE, "1\n2\n5\n6\n", "1\n2\n5\n6\n", "1\n2\n5\n6\n");
    }

    @Test
    void merge_deleteVersusEditOfSameLine_conflicts() {
        assertConflict(BASE, "1\n2\n4\n5\n6\n", "1\n2\nTHREE\n4\n5\n6\n", 1);
    }

    @Test
    void merge_severalCollidingHunks_countsEach() {
        assertConflict(BASE, "A\n2\n3\nB\n5\n6\n", "a\n2\n3\nb\n5\n6\n", 2);
    }

    @Test
    void merge_lastLineWithoutNewline_isKeptAsIs() {
        assertClean("1\n2\n3\n4", "ONE\n2\n3\n4", "1\n2\n3\nFOUR", "ONE\n2\n3\nFOUR");
        assertClean("1\n2\n3\n4", "ONE\n2\n3\n4", "1\n2\n3\n4", "ONE\n2\n3\n4");
    }

    @Test
    void merge_addingFinalNewline_changesTheLastLine() {
        assertClean("1\n2\n3\n4", "1\n2\n3\n4", "1\n2\n3\n4\n", "1\n2\n3\n4\n");
        assertConflict("1\n2\n3\n4", "1\n2\n3\n4\n", "1\n2\n3\n4 more", 1);
    }

    @Test
    void merge_crlfLines_arePreservedByteForByte() {
        assertClean(
                "1\r\n2\r\n3\r\n4\r\n5\r\n",
                "ONE\r\n2\r\n3\r\n4\r\n5\r\n",
                "1\r\n2\r\n3\r\n4\r\nFIVE\r\n",
                "ONE\r\n2\r\n3\r\n4\r\nFIVE\r\n");
    }

    @Test
    void merge_lineEndingChangeOnOneSide_isAnEdit() {
        assertClean("1\r\n2\r\n3\r\n4\r\n", "1\n2\r\n3\r\n4\r\n", "1\r\n2\r\n3\r\nfour\r\n", "1\n2\r\n3\r\nfour\r\n");
        assertConflict("1\r\n2\r\n3\r\n", "1\n2\r\n3\r\n", "one\r\n2\r\n3\r\n", 1);
    }

    @Test
    void merge_emptyAncestorWithIdenticalAdditions_isClean() {
        assertClean("", "same\ncontent\n", "same\ncontent\n", "same\ncontent\n");
    }

    @Test
    void merge_emptyAncestorWithDifferentAdditions_conflicts() {
        assertConflict("", "shared\nours\n", "shared\ntheirs\n", 1);
    }

    @Test
    void merge_emptyAncestorAndOneEmptySide_takesTheOther() {
        assertClean("", "", "added\n", "added\n");
    }

    @Test
    void merge_allEmpty_isCleanAndEmpty() {
        assertClean("", "", "", "");
    }

    @Test
    void merge_bothSidesDeleteEverything_isCleanAndEmpty() {
        assertClean(BASE, "", "", "");
    }

    @Test
    void merge_doesNotModifyInputs() {
        byte[] base = bytes(BASE);
        byte[] ours = bytes("ONE\n2\n3\n4\n5\n6\n");
        byte[] theirs = bytes("1\n2\n3\n4\n5\nSIX\n");
        LineMerge.merge(base, ours, theirs);
        assertThat(base).isEqualTo(bytes(BASE));
        assertThat(ours).isEqualTo(bytes("ONE\n2\n3\n4\n5\n6\n"));
        assertThat(theirs).isEqualTo(bytes("1\n2\n3\n4\n5\nSIX\n"));
    }

    @Test
    void clean_equalsComparesContent_andCopiesTheArray() {
        byte[] content = bytes("x\n");
        LineMergeResult.Clean clean = new LineMergeResult.Clean(content);
        content[0] = 'y';
        assertThat(clean).isEqualTo(new LineMergeResult.Clean(bytes("x\n")));
        assertThat(clean.hashCode()).isEqualTo(new LineMergeResult.Clean(bytes("x\n")).hashCode());
        assertThat(clean.size()).isEqualTo(2);
        clean.merged()[0] = 'z';
        assertThat(clean.merged()).isEqualTo(bytes("x\n"));
    }

    @Test
    void conflict_withoutConflictingHunks_isRejected() {
        assertThatThrownBy(() -> new LineMergeResult.Conflict(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isText_plainAsciiAndEmpty_accepted() {
        assertThat(LineMerge.isText(bytes("hello\r\nworld\n"))).isTrue();
        assertThat(LineMerge.isText(new byte[0])).isTrue();
    }

    @Test
    void isText_multiByteCharacters_accepted() {
        assertThat(LineMerge.isText(bytes("é ü € 中文 😀 \uD83D\uDE80\n"))).isTrue();
        assertThat(LineMerge.isText(of(0xF0, 0x9F, 0x98, 0x80))).isTrue(); // U+1F600, 4 bytes
        assertThat(LineMerge.isText(of(0xF4, 0x8F, 0xBF, 0xBF))).isTrue(); // U+10FFFF, the last code point
        assertThat(LineMerge.isText(of(0xEF, 0xBF, 0xBF))).isTrue(); // U+FFFF, a noncharacter but well-formed
    }

    @Test
    void isText_nulByte_rejected() {
        assertThat(LineMerge.isText(of('a', 0x00, 'b'))).isFalse();
    }

    @Test
    void isText_malformedUtf8_rejected() {
        assertThat(LineMerge.isText(of(0xC0, 0x80))).as("overlong NUL").isFalse();
        assertThat(LineMerge.isText(of(0xC1, 0xBF))).as("overlong 2-byte").isFalse();
        assertThat(LineMerge.isText(of(0xE0, 0x80, 0xAF))).as("overlong 3-byte").isFalse();
        assertThat(LineMerge.isText(of(0xF0, 0x8F, 0xBF, 0xBF)))
                .as("overlong 4-byte")
                .isFalse();
        assertThat(LineMerge.isText(of('a', 0xFF, 'b'))).as("lone 0xFF").isFalse();
        assertThat(LineMerge.isText(of(0x80))).as("stray continuation").isFalse();
        assertThat(LineMerge.isText(of('a', 0xE2, 0x82)))
                .as("truncated 3-byte at end")
                .isFalse();
        assertThat(LineMerge.isText(of(0xE2, 0x82, 'a')))
                .as("truncated 3-byte mid-text")
                .isFalse();
        assertThat(LineMerge.isText(of(0xF0, 0x9F, 0x98)))
                .as("truncated 4-byte")
                .isFalse();
        assertThat(LineMerge.isText(of(0xED, 0xA0, 0x80)))
                .as("encoded surrogate U+D800")
                .isFalse();
        assertThat(LineMerge.isText(of(0xED, 0xBF, 0xBF)))
                .as("encoded surrogate U+DFFF")
                .isFalse();
        assertThat(LineMerge.isText(of(0xF4, 0x90, 0x80, 0x80)))
                .as("above U+10FFFF")
                .isFalse();
        assertThat(LineMerge.isText(of(0xF5, 0x80, 0x80, 0x80)))
                .as("lead byte 0xF5")
                .isFalse();
    }

    @Test
    void isText_sizeLimit_isEightMebibytesInclusive() {
        byte[] limit = new byte[LineMerge.MAX_TEXT_BYTES];
        Arrays.fill(limit, (byte) 'a');
        assertThat(LineMerge.MAX_TEXT_BYTES).isEqualTo(8 * 1024 * 1024);
        assertThat(LineMerge.isText(limit)).isTrue();
        byte[] over = new byte[LineMerge.MAX_TEXT_BYTES + 1];
        Arrays.fill(over, (byte) 'a');
        assertThat(LineMerge.isText(over)).isFalse();
    }

    private static void assertClean(String ancestor, String ours, String theirs, String expected) {
        String merged =
                switch (LineMerge.merge(bytes(ancestor), bytes(ours), bytes(theirs))) {
                    case LineMergeResult.Clean clean -> new String(clean.merged(), UTF_8);
                    case LineMergeResult.Conflict(int hunks) ->
                        fail("expected a clean merge, got %d conflicting hunks", hunks);
                };
        assertThat(merged).isEqualTo(expected);
        assertThat(LineMerge.merge(bytes(ancestor), bytes(theirs), bytes(ours)))
                .isEqualTo(new LineMergeResult.Clean(bytes(expected)));
    }

    private static void assertConflict(String ancestor, String ours, String theirs, int hunks) {
        assertThat(LineMerge.merge(bytes(ancestor), bytes(ours), bytes(theirs)))
                .isEqualTo(new LineMergeResult.Conflict(hunks));
        assertThat(LineMerge.merge(bytes(ancestor), bytes(theirs), bytes(ours)))
                .isEqualTo(new LineMergeResult.Conflict(hunks));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static byte[] of(int... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) values[i];
        }
        return data;
    }
}
