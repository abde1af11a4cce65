package io.aetherfs.core.content;

import static io.aetherfs.core.content.ContentFixture.BLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.Extent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link BlockPatcher} through {@link ContentStore#patch} and {@link ContentStore#punchHole}:
 * after any sequence of writes at random offsets, truncations and punched holes, the content reads back
 * as a plain byte array edited the same way, keeps one extent per touched 4 MiB block, and leaves the
 * extents of untouched blocks as they were.
 */
class BlockPatcherPropertiesTest {
    /** A byte-array model of a file. */
    private static final class Model {
        byte[] bytes = new byte[0];

        void write(long offset, byte[] data) {
            int end = Math.toIntExact(offset + data.length);
            if (end > bytes.length) {
                bytes = Arrays.copyOf(bytes, end);
            }
            System.arraycopy(data, 0, bytes, (int) offset, data.length);
        }

        void truncate(long size) {
            bytes = Arrays.copyOf(bytes, Math.toIntExact(size));
        }

        void punch(long offset, long length) {
            int from = (int) Math.min(offset, bytes.length);
            int to = (int) Math.min(bytes.length, offset + length);
            Arrays.fill(bytes, from, Math.max(from, to), (byte) 0);
        }
    }

    /** The byte ranges an operation may rewrite: [from, to). */
    private record Touched(long from, long to) {
        boolean hits(Extent e) {
            long blockStart = e.block() * BLOCK;
            return from < blockStart + BLOCK && to > blockStart;
        }
    }

    @Test
    void patchesAtRandomOffsets_readBackAsTheByteArrayModel() {
        qt().withFixedSeed(9L).withExamples(25).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            ContentFixture f = new ContentFixture();
            Model model = new Model();
            Content c = Content.EMPTY;
            int ops = 1 + r.nextInt(6);
            for (int i = 0; i < ops; i++) {
                Content before = c;
                List<Touched> touched = new ArrayList<>();
                switch (r.nextInt(4)) {
                    case 0, 1 -> {
                        List<Segment> segments = new ArrayList<>();
                        for (int s = 1 + r.nextInt(3); s > 0; s--) {
                            long offset = offset(r);
                            byte[] data = data(r, length(r));
                            segments.add(new Segment(offset, data));
                            model.write(offset, data);
                            touched.add(new Touched(offset, offset + data.length));
                        }
                        c = f.patch(c, segments, null);
                    }
                    case 2 -> {
                        long size = r.nextBoolean() ? offset(r) : r.nextInt((int) Math.max(1, c.size() + 1));
                        model.truncate(size);
                        touched.add(new Touched(size, Long.MAX_VALUE));
                        c = f.patch(c, List.of(), size);
                    }
                    default -> {
                        long offset = holeStart(r, c);
                        long length = length(r);
                        model.punch(offset, length);
                        touched.add(new Touched(offset, offset + length));
                        c = f.punch(c, offset, length);
                        for (Extent e : c.extents()) { // the hole is trimmed off, not stored as zeros
                            assertThat(e.offset() >= offset && e.offset() < offset + length)
                                    .as("extent %s starts in the hole [%d, +%d)", e, offset, length)
                                    .isFalse();
                            assertThat(e.end() > offset && e.end() <= offset + length)
                                    .as("extent %s ends in the hole [%d, +%d)", e, offset, length)
                                    .isFalse();
                        }
                    }
                }
                assertMatches(f, c, model.bytes, "after op " + i + " of seed " + seed);
                assertUntouchedExtentsKept(before, c, touched);
            }
        });
    }

    @Test
    void punchHole_pastTheEnd_changesNothing() {
        ContentFixture f = new ContentFixture();
        byte[] data = data(new Random(1), 20_000);
        Content c = f.write(data);
        Content punched = f.punch(c, 20_000, 5000);
        assertThat(punched.extents()).isEqualTo(c.extents());
        assertThat(f.readAll(punched)).isEqualTo(data);
    }

    @Test
    void punchHole_wholeBlock_dropsItsExtent() {
        ContentFixture f = new ContentFixture();
        byte[] data = data(new Random(2), 2 * BLOCK + 10);
        Content c = f.write(data);
        Content punched = f.punch(c, BLOCK, BLOCK);
        assertThat(punched.extents()).extracting(Extent::block).containsExactly(0L, 2L);
        Arrays.fill(data, BLOCK, 2 * BLOCK, (byte) 0);
        assertMatches(f, punched, data, "whole block punched");
    }

    /** Checks the content against the model and the invariants every patched content keeps. */
    private static void assertMatches(ContentFixture f, Content c, byte[] model, String when) {
        assertThat(c.size()).as("size %s", when).isEqualTo(model.length);
        assertThat(f.readAll(c)).as("bytes %s", when).isEqualTo(model);
        long lastBlock = -1;
        for (Extent e : c.extents()) {
            assertThat(e.block()).as("one extent per block, in order, %s", when).isGreaterThan(lastBlock);
            assertThat(e.end()).as("extent inside the file %s", when).isLessThanOrEqualTo(c.size());
            lastBlock = e.block();
        }
        Hash whole = Hash.of(model);
        if (c.contentHash() != null) {
            assertThat(c.contentHash()).as("known hash %s", when).isEqualTo(whole);
        }
        assertThat(f.store.contentHash(c)).as("content hash %s", when).isEqualTo(whole);
    }

    /** Every extent of a block the operation did not touch, still wholly inside the file, is kept as is. */
    private static void assertUntouchedExtentsKept(Content before, Content after, List<Touched> touched) {
        for (Extent e : before.extents()) {
            if (e.end() <= after.size() && touched.stream().noneMatch(t -> t.hits(e))) {
                assertThat(after.extents()).as("untouched extent kept").contains(e);
            }
        }
    }

    /** Returns an offset near the interesting places: block starts and ends, and the inline limit. */
    private static long offset(Random r) {
        long block = (long) r.nextInt(3) * BLOCK;
        return switch (r.nextInt(5)) {
            case 0 -> block;
            case 1 -> block + BLOCK - 1 - r.nextInt(64);
            case 2 -> block + Extent.INLINE_MAX_BYTES - 2 + r.nextInt(4);
            default -> block + r.nextInt(BLOCK);
        };
    }

    /** Returns where to punch a hole: at an extent's first byte, near a block edge, or anywhere in the file. */
    private static long holeStart(Random r, Content c) {
        return switch (r.nextInt(3)) {
            case 0 ->
                c.extents().isEmpty()
                        ? 0
                        : c.extents().get(r.nextInt(c.extents().size())).offset();
            case 1 -> Math.min(offset(r), c.size());
            default -> r.nextInt((int) Math.max(1, c.size() + 1));
        };
    }

    /** Returns a length that stays inline, crosses the inline limit, or spans a block boundary. */
    private static int length(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(100);
            case 1 -> Extent.INLINE_MAX_BYTES - 1 + r.nextInt(3);
            case 2 -> 1 + r.nextInt(300_000);
            default -> BLOCK / 2 + r.nextInt(BLOCK);
        };
    }

    private static byte[] data(Random r, int length) {
        byte[] out = new byte[length];
        r.nextBytes(out);
        return out;
    }
}
