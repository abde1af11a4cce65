package io.aetherfs.service.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.service.archive.SampleTree.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchiveRoundTripTest {

    @ParameterizedTest
    @EnumSource(
            value = ArchiveFormat.class,
            names = {"TAR", "TAR_GZ"})
    void tar_roundTrip_returnsEveryEntryExceptSockets(ArchiveFormat format) throws IOException {
        List<Item> items = SampleTree.items(true);
        long[] skipped = new long[1];
        byte[] archive = SampleTree.write(format, items, skipped);

        Map<String, Item> read = readBack(format, archive);

        assertThat(skipped[0]).isEqualTo(1);
        List<Item> expected = items.stream()
                .filter(item -> item.entry().type() != ArchiveEntryType.SOCKET)
                .toList();
        assertThat(read.keySet())
                .containsExactlyElementsOf(
                        expected.stream().map(item -> item.entry().path()).toList());
        for (Item item : expected) {
            Item back = read.get(item.entry().path());
            assertThat(back.entry()).isEqualTo(item.entry());
            assertThat(back.content()).isEqualTo(item.content());
        }
    }

    @Test
    void zip_roundTrip_keepsWhatZipCarries() throws IOException {
        List<Item> items = SampleTree.items(true);
        long[] skipped = new long[1];
        byte[] archive = SampleTree.write(ArchiveFormat.ZIP, items, skipped);

        Map<String, Item> read = readBack(ArchiveFormat.ZIP, archive);

        assertThat(skipped[0]).isEqualTo(4); // FIFO, two devices, socket
        List<Item> expected = items.stream()
                .filter(item -> !item.entry().type().isDevice())
                .filter(item -> item.entry().type() != ArchiveEntryType.FIFO
                        && item.entry().type() != ArchiveEntryType.SOCKET)
                .toList();
        assertThat(read.keySet())
                .containsExactlyElementsOf(
                        expected.stream().map(item -> item.entry().path()).toList());
        byte[] small = read.get("a/small.txt").content();
        for (Item item : expected) {
            ArchiveEntry entry = item.entry();
            Item back = read.get(entry.path());
            assertThat(back.entry()).isEqualTo(zipView(entry));
            if (entry.type() == ArchiveEntryType.HARD_LINK) {
                assertThat(back.content()).isEqualTo(small); // written as a full copy
            } else {
                assertThat(back.content()).isEqualTo(item.content());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void openDetect_anyFormat_readsTheSameEntries(ArchiveFormat format) throws IOException {
        byte[] archive = SampleTree.write(format, SampleTree.items(false), null);

        try (ArchiveReader detected =
                ArchiveReader.openDetect(new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
            assertThat(SampleTree.readAll(detected).keySet())
                    .isEqualTo(readBack(format, archive).keySet());
        }
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void emptyArchive_roundTrip_hasNoEntries(ArchiveFormat format) throws IOException {
        byte[] archive = SampleTree.write(format, List.of(), null);

        assertThat(readBack(format, archive)).isEmpty();
    }

    @Test
    void tar_extremeValues_roundTripThroughPax() throws IOException {
        ArchiveEntry preEpoch = new ArchiveEntry(
                "old",
                ArchiveEntryType.FILE,
                07777,
                -2,
                Integer.MAX_VALUE,
                Instant.ofEpochSecond(-1_000_000_000L, 999_999_999),
                0,
                null,
                0,
                null);
        ArchiveEntry farFuture = new ArchiveEntry(
                "future",
                ArchiveEntryType.DIRECTORY,
                01777,
                0,
                0,
                Instant.ofEpochSecond(100_000_000_000L, 1),
                0,
                null,
                0,
                null);
        ArchiveEntry longTarget = ArchiveEntry.symlink("link", "/" + "t".repeat(300) + "/ü", Instant.ofEpochSecond(5));
        List<Item> items = List.of(
                new Item(preEpoch, new byte[0]), new Item(farFuture, new byte[0]), new Item(longTarget, new byte[0]));

        Map<String, Item> read = readBack(ArchiveFormat.TAR, SampleTree.write(ArchiveFormat.TAR, items, null));

        assertThat(read.get("old").entry()).isEqualTo(preEpoch);
        assertThat(read.get("future").entry()).isEqualTo(farFuture);
        assertThat(read.get("link").entry()).isEqualTo(longTarget);
    }

    private static Map<String, Item> readBack(ArchiveFormat format, byte[] archive) throws IOException {
        try (ArchiveReader reader =
                ArchiveReader.open(format, new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
            return SampleTree.readAll(reader);
        }
    }

    /** Returns what a zip reader sees of {@code entry}: no xattrs, hard links as files, mtime to 100 ns, no sizes. */
    private static ArchiveEntry zipView(ArchiveEntry entry) {
        Instant mtime = entry.mtime().minusNanos(entry.mtime().getNano() % 100);
        return switch (entry.type()) {
            case FILE, HARD_LINK ->
                new ArchiveEntry(
                        entry.path(),
                        ArchiveEntryType.FILE,
                        entry.mode(),
                        entry.uid(),
                        entry.gid(),
                        mtime,
                        -1,
                        null,
                        0,
                        null);
            default ->
                new ArchiveEntry(
                        entry.path(),
                        entry.type(),
                        entry.mode(),
                        entry.uid(),
                        entry.gid(),
                        mtime,
                        entry.size(),
                        entry.linkTarget(),
                        0,
                        null);
        };
    }
}
