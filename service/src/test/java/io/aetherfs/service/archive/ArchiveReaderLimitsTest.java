package io.aetherfs.service.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Entry-count, expanded-size and expansion-ratio limits: every overrun fails with LIMIT_EXCEEDED. */
class ArchiveReaderLimitsTest {

    private static final Instant MTIME = Instant.ofEpochSecond(1_700_000_000L);

    @ParameterizedTest
    @EnumSource(
            value = ArchiveFormat.class,
            names = {"TAR_GZ", "ZIP"})
    void next_compressionBomb_failsEarlyWithLimitExceeded(ArchiveFormat format) throws IOException {
        byte[] bomb = archiveOfZeros(format, 200L << 20);
        assertThat(bomb.length).isLessThan(1 << 20);

        try (ArchiveReader reader =
                ArchiveReader.open(format, new ByteArrayInputStream(bomb), ArchiveLimits.DEFAULTS)) {
            assertThat(reader.next().path()).isEqualTo("zeros");

            assertThatThrownBy(reader::next).isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.code())
                    .isEqualTo(ArchiveException.LIMIT_EXCEEDED));
            assertThat(reader.expandedBytes()).isLessThan(50L << 20);
        }
    }

    @Test
    void content_compressionBomb_failsWhileReading() throws IOException {
        byte[] bomb = archiveOfZeros(ArchiveFormat.TAR_GZ, 200L << 20);

        try (ArchiveReader reader =
                ArchiveReader.open(ArchiveFormat.TAR_GZ, new ByteArrayInputStream(bomb), ArchiveLimits.DEFAULTS)) {
            reader.next();
            InputStream content = reader.content();

            assertThatThrownBy(content::readAllBytes)
                    .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.code())
                            .isEqualTo(ArchiveException.LIMIT_EXCEEDED));
        }
    }

    @Test
    void next_highRatioBelowOneMebibyte_isAccepted() throws IOException {
        byte[] archive = archiveOfZeros(ArchiveFormat.TAR_GZ, (1 << 20) - 1);

        try (ArchiveReader reader =
                ArchiveReader.open(ArchiveFormat.TAR_GZ, new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
            assertThat(SampleTree.readAll(reader).get("zeros").content()).hasSize((1 << 20) - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void next_moreEntriesThanMaxEntries_failsWithLimitExceeded(ArchiveFormat format) throws IOException {
        byte[] archive = archiveOfFiles(format, 4);
        ArchiveLimits limits = new ArchiveLimits(3, 1L << 30, 200);

        try (ArchiveReader reader = ArchiveReader.open(format, new ByteArrayInputStream(archive), limits)) {
            for (int i = 0; i < 3; i++) {
                assertThat(reader.next()).isNotNull();
            }
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.code())
                    .isEqualTo(ArchiveException.LIMIT_EXCEEDED));
        }
    }

    @Test
    void next_exactlyMaxEntries_isAccepted() throws IOException {
        byte[] archive = archiveOfFiles(ArchiveFormat.TAR, 3);

        try (ArchiveReader reader = ArchiveReader.open(
                ArchiveFormat.TAR, new ByteArrayInputStream(archive), new ArchiveLimits(3, 1L << 30, 200))) {
            assertThat(SampleTree.readAll(reader)).hasSize(3);
            assertThat(reader.entriesRead()).isEqualTo(3);
        }
    }

    @Test
    void next_declaredSizeOverMaxExpandedBytes_failsBeforeReadingContent() throws IOException {
        byte[] archive = archiveOfFiles(ArchiveFormat.TAR, 3); // three 1000-byte files
        ArchiveLimits limits = new ArchiveLimits(100, 2500, 200);

        try (ArchiveReader reader = ArchiveReader.open(ArchiveFormat.TAR, new ByteArrayInputStream(archive), limits)) {
            reader.next();
            reader.next();

            assertThatThrownBy(reader::next).isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.code())
                    .isEqualTo(ArchiveException.LIMIT_EXCEEDED));
            assertThat(reader.expandedBytes()).isEqualTo(2000);
        }
    }

    @Test
    void content_undeclaredSizeOverMaxExpandedBytes_failsWhileReading() throws IOException {
        byte[] archive = archiveOfFiles(ArchiveFormat.ZIP, 1); // streamed zip entries declare no size
        ArchiveLimits limits = new ArchiveLimits(100, 999, 200);

        try (ArchiveReader reader = ArchiveReader.open(ArchiveFormat.ZIP, new ByteArrayInputStream(archive), limits)) {
            assertThat(reader.next().size()).isEqualTo(-1);

            assertThatThrownBy(() -> reader.content().readAllBytes())
                    .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.code())
                            .isEqualTo(ArchiveException.LIMIT_EXCEEDED));
        }
    }

    @Test
    void defaults_matchTheSpec() {
        assertThat(ArchiveLimits.DEFAULTS).isEqualTo(new ArchiveLimits(1_000_000, 50L * 1024 * 1024 * 1024, 200.0));
    }

    /** Returns an archive holding one file of {@code size} zero bytes, streamed through ArchiveWriter. */
    private static byte[] archiveOfZeros(ArchiveFormat format, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter writer = ArchiveWriter.open(format, out)) {
            writer.add(ArchiveEntry.file("zeros", 0644, MTIME, size), () -> new ZeroStream(size));
            writer.finish();
        }
        return out.toByteArray();
    }

    private static byte[] archiveOfFiles(ArchiveFormat format, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter writer = ArchiveWriter.open(format, out)) {
            for (int i = 0; i < count; i++) {
                writer.add(ArchiveEntry.file("f" + i, 0644, MTIME, 1000), () -> new ZeroStream(1000));
            }
            writer.finish();
        }
        return out.toByteArray();
    }

    /** An input stream of {@code size} zero bytes that never allocates them all. */
    private static final class ZeroStream extends InputStream {
        private long remaining;

        ZeroStream(long size) {
            remaining = size;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
