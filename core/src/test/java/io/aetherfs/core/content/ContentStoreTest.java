package io.aetherfs.core.content;

import static io.aetherfs.core.content.ContentFixture.BLOCK;
import static io.aetherfs.core.content.ContentFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.Extent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Writing, reading, streaming and hashing file content as block-aligned extents. */
class ContentStoreTest {
    private final ContentFixture f = new ContentFixture();

    @Test
    void write_smallFile_isOneInlineExtentAndNoBlob() {
        byte[] data = bytes(1, 100);
        Prepared p = f.store.write(data);
        assertThat(p.content().extents()).singleElement().satisfies(e -> assertThat(e.inline())
                .isTrue());
        assertThat(p.inline()).containsOnlyKeys(Hash.of(data));
        assertThat(f.blobs.tenants()).isEmpty();
        assertThat(p.content().contentHash()).isEqualTo(Hash.of(data));
    }

    @Test
    void write_largeFile_isOneBlobPerBlockAndNothingInline() {
        byte[] data = bytes(2, 2 * BLOCK + 5);
        Prepared p = f.store.write(data);
        assertThat(p.content().extents())
                .extracting(Extent::offset, Extent::length)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, BLOCK),
                        org.assertj.core.groups.Tuple.tuple((long) BLOCK, BLOCK),
                        org.assertj.core.groups.Tuple.tuple(2L * BLOCK, 5));
        assertThat(p.inline()).containsOnlyKeys(Hash.of(Arrays.copyOfRange(data, 2 * BLOCK, data.length)));
        assertThat(f.blobs.list(TENANT, null, 10)).hasSize(2);
        assertThat(p.content().contentHash()).isEqualTo(Hash.of(data));
        assertThat(f.readAll(f.keep(p))).isEqualTo(data);
    }

    @Test
    void write_emptyInput_isEmptyContent() {
        Content c = f.write(new byte[0]);
        assertThat(c.size()).isZero();
        assertThat(c.extents()).isEmpty();
        assertThat(c.contentHash()).isEqualTo(Content.EMPTY_HASH);
    }

    @Test
    void write_streamOverTheLimit_failsPayloadTooLargeAndStoresNothing() {
        byte[] data = bytes(3, 20_000);
        assertThatThrownBy(() -> f.store.write(new ByteArrayInputStream(data), 10_000))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE));
        assertThat(f.blobs.tenants())
                .as("a block past the limit is never stored")
                .isEmpty();
    }

    @Test
    void patch_growingPastTheLimit_failsPayloadTooLarge() {
        Content c = f.write(bytes(4, 10));
        assertThatThrownBy(() -> f.store.patch(c, List.of(new Segment(95, new byte[10])), null, 100))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED));
        assertThatThrownBy(() -> f.store.patch(c, List.of(), 101L, 100)).isInstanceOf(AfsException.class);
    }

    @Test
    void patch_truncateUpward_readsTheNewTailAsZeros() {
        byte[] data = bytes(5, 300);
        Content c = f.patch(f.write(data), List.of(), 1000L);
        assertThat(f.readAll(c)).isEqualTo(Arrays.copyOf(data, 1000));
        assertThat(c.contentHash())
                .as("a hole makes the hash unknown until asked")
                .isNull();
        assertThat(f.store.contentHash(c)).isEqualTo(Hash.of(Arrays.copyOf(data, 1000)));
    }

    @Test
    void read_rangesPastTheEndOrEmpty_returnShortOrNothing() {
        byte[] data = bytes(6, 50);
        Content c = f.write(data);
        assertThat(f.store.read(c, 40, 100)).isEqualTo(Arrays.copyOfRange(data, 40, 50));
        assertThat(f.store.read(c, 50, 10)).isEmpty();
        assertThat(f.store.read(c, 10, 0)).isEmpty();
    }

    @Test
    void read_acrossBlocksAndHoles_returnsTheBytesInBetweenUpToTheEnd() {
        Content c = f.patch(
                Content.EMPTY,
                List.of(new Segment(BLOCK - 3, bytes(7, 6)), new Segment(BLOCK + 100, bytes(8, 4))),
                null);
        byte[] got = f.store.read(c, BLOCK - 5, 200);
        byte[] want = new byte[109]; // up to the end of the file
        System.arraycopy(bytes(7, 6), 0, want, 2, 6);
        System.arraycopy(bytes(8, 4), 0, want, 105, 4);
        assertThat(got).isEqualTo(want);
    }

    @Test
    void stream_emitsConsecutivePiecesClampedAtTheEnd() throws Exception {
        byte[] data = bytes(9, 1000);
        Content c = f.write(data);
        List<Long> offsets = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.store.stream(c, 100, 5000, 256, (offset, piece) -> {
            offsets.add(offset);
            assertThat(piece.length).isLessThanOrEqualTo(256);
            out.write(piece);
        });
        assertThat(offsets).containsExactly(100L, 356L, 612L, 868L);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 100, 1000));
    }

    @Test
    void contentHash_knownHash_isReturnedWithoutReading() {
        Content c = f.write(bytes(10, 100));
        assertThat(f.store.contentHash(c)).isEqualTo(c.contentHash());
        assertThat(f.hashesComputed).isZero();
    }

    @Test
    void read_missingExtent_failsDataLoss() {
        Content c = f.write(bytes(11, BLOCK + 1));
        f.blobs.delete(TENANT, c.extents().getFirst().hash());
        assertThatThrownBy(() -> f.readAll(c)).isInstanceOfSatisfying(AfsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.DATA_LOSS));
    }

    private static byte[] bytes(long seed, int size) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }
}
