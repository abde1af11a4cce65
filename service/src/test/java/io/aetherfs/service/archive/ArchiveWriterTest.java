package io.aetherfs.service.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveWriterTest {

    private static final Instant MTIME = Instant.ofEpochSecond(1_700_000_000L);

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a/", "./a", "a/./b", "a/../b", "a//b", "..", "nul\0"})
    void add_pathNotNormalized_isRejected(String path) throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.open(ArchiveFormat.TAR, new ByteArrayOutputStream())) {
            assertThatThrownBy(() -> writer.add(ArchiveEntry.directory(path, 0755, MTIME), null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void add_hardLinkToUnknownFile_isRejected(ArchiveFormat format) throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.open(format, new ByteArrayOutputStream())) {
            writer.add(ArchiveEntry.directory("d", 0755, MTIME), null);
            ArchiveEntry link = new ArchiveEntry("h", ArchiveEntryType.HARD_LINK, 0644, 0, 0, MTIME, 0, "d", 0, null);

            assertThatThrownBy(() -> writer.add(link, null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void add_zipHardLinkWithoutContent_isRejected() throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.open(ArchiveFormat.ZIP, new ByteArrayOutputStream())) {
            writer.add(ArchiveEntry.file("f", 0644, MTIME, 2), () -> new ByteArrayInputStream(new byte[2]));
            ArchiveEntry link = new ArchiveEntry("h", ArchiveEntryType.HARD_LINK, 0644, 0, 0, MTIME, 2, "f", 0, null);

            assertThatThrownBy(() -> writer.add(link, null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void add_contentShorterOrLongerThanSize_failsTheWriter(ArchiveFormat format) throws IOException {
        for (int actual : new int[] {9, 11}) {
            try (ArchiveWriter writer = ArchiveWriter.open(format, new ByteArrayOutputStream())) {
                ArchiveEntry entry = ArchiveEntry.file("f", 0644, MTIME, 10);

                assertThatThrownBy(() -> writer.add(entry, () -> new ByteArrayInputStream(new byte[actual])))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("10");
                assertThatThrownBy(() -> writer.add(ArchiveEntry.directory("d", 0755, MTIME), null))
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void finish_leavesCallersStreamOpen(ArchiveFormat format) throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (ArchiveWriter writer = ArchiveWriter.open(format, out)) {
            writer.add(ArchiveEntry.file("f", 0644, MTIME, 0), null);
            writer.finish();
            assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
        }

        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(
            value = ArchiveFormat.class,
            names = {"TAR", "TAR_GZ"})
    void close_withoutFinish_leavesAnArchiveReadersRefuse(ArchiveFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter writer = ArchiveWriter.open(format, out)) {
            writer.add(ArchiveEntry.file("f", 0644, MTIME, 3), () -> new ByteArrayInputStream(new byte[3]));
        }

        assertThatThrownBy(() -> {
                    try (ArchiveReader reader = ArchiveReader.open(
                            format, new ByteArrayInputStream(out.toByteArray()), ArchiveLimits.DEFAULTS)) {
                        SampleTree.readAll(reader);
                    }
                })
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.INVALID));
    }

    @Test
    void add_socket_isSkippedAndCounted() throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.open(ArchiveFormat.TAR, new ByteArrayOutputStream())) {
            ArchiveEntry socket = new ArchiveEntry("s", ArchiveEntryType.SOCKET, 0755, 0, 0, MTIME, 0, null, 0, null);

            assertThat(writer.add(socket, null)).isFalse();
            assertThat(writer.add(ArchiveEntry.directory("d", 0755, MTIME), null))
                    .isTrue();
            assertThat(writer.skipped()).isEqualTo(1);
        }
    }

    @Test
    void tarHeaders_carryNoServerAccountName() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter writer = ArchiveWriter.open(ArchiveFormat.TAR, out)) {
            writer.add(ArchiveEntry.file("f", 0644, MTIME, 0), null);
            writer.finish();
        }
        byte[] header = out.toByteArray();

        assertThat(new String(header, 265, 64, StandardCharsets.US_ASCII)).isEqualTo("\0".repeat(64));
    }
}
