package io.aetherfs.service.archive;

import static io.aetherfs.service.archive.HostileArchives.directory;
import static io.aetherfs.service.archive.HostileArchives.file;
import static io.aetherfs.service.archive.HostileArchives.link;
import static io.aetherfs.service.archive.HostileArchives.tar;
import static io.aetherfs.service.archive.HostileArchives.zip;
import static io.aetherfs.service.archive.HostileArchives.zipFile;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unsafe paths and links: every case must fail with ARCHIVE_UNSAFE_PATH before the entry is handed out. */
class ArchiveReaderSafetyTest {

    static Stream<Arguments> unsafeArchives() throws IOException {
        String longAbsolute = "/" + "p".repeat(120) + "/passwd";
        return Stream.of(
                unsafe("dot-dot prefix", ArchiveFormat.TAR, tar(t -> file(t, "../evil"))),
                unsafe("dot-dot climbing out", ArchiveFormat.TAR, tar(t -> file(t, "a/../../evil"))),
                unsafe("dot-dot staying inside", ArchiveFormat.TAR, tar(t -> file(t, "a/../b"))),
                unsafe("absolute ustar name", ArchiveFormat.TAR, tar(t -> file(t, "/etc/passwd"))),
                unsafe("absolute pax path", ArchiveFormat.TAR, tar(t -> file(t, longAbsolute))),
                unsafe(
                        "absolute GNU long name",
                        ArchiveFormat.TAR,
                        tar(TarArchiveOutputStream.LONGFILE_GNU, UTF_8.name(), t -> file(t, longAbsolute))),
                unsafe("NUL in pax path", ArchiveFormat.TAR, tar(t -> file(t, "evil\0" + "n".repeat(120)))),
                unsafe("hard link to ../x", ArchiveFormat.TAR, tar(t -> {
                    file(t, "x");
                    link(t, TarConstants.LF_LINK, "h", "../x");
                })),
                unsafe("hard link to an absolute path", ArchiveFormat.TAR, tar(t -> {
                    file(t, "etc/passwd");
                    link(t, TarConstants.LF_LINK, "h", "/etc/passwd");
                })),
                unsafe(
                        "hard link to a path not in the archive",
                        ArchiveFormat.TAR,
                        tar(t -> link(t, TarConstants.LF_LINK, "h", "missing"))),
                unsafe("hard link to a later file", ArchiveFormat.TAR, tar(t -> {
                    link(t, TarConstants.LF_LINK, "h", "x");
                    file(t, "x");
                })),
                unsafe("hard link to a directory", ArchiveFormat.TAR, tar(t -> {
                    directory(t, "d");
                    link(t, TarConstants.LF_LINK, "h", "d");
                })),
                unsafe("file below an earlier symlink", ArchiveFormat.TAR, tar(t -> {
                    link(t, TarConstants.LF_SYMLINK, "etc", "/etc");
                    file(t, "etc/passwd");
                })),
                unsafe("gzipped dot-dot", ArchiveFormat.TAR_GZ, HostileArchives.gzip(tar(t -> file(t, "../evil")))),
                unsafe("zip dot-dot", ArchiveFormat.ZIP, zip(z -> zipFile(z, "../evil", new byte[1]))),
                unsafe("zip absolute", ArchiveFormat.ZIP, zip(z -> zipFile(z, "/etc/passwd", new byte[1]))),
                unsafe("zip NUL", ArchiveFormat.ZIP, zip(z -> zipFile(z, "evil\0.txt", new byte[1]))));
    }

    @ParameterizedTest
    @MethodSource("unsafeArchives")
    void next_unsafePathOrLink_failsWithUnsafePath(ArchiveFormat format, byte[] archive) {
        assertThatThrownBy(() -> readAll(format, archive))
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.UNSAFE_PATH));
    }

    @ParameterizedTest
    @MethodSource("unsafeArchives")
    void openDetect_unsafePathOrLink_failsWithUnsafePath(ArchiveFormat format, byte[] archive) {
        assertThatThrownBy(() -> {
                    try (ArchiveReader reader =
                            ArchiveReader.openDetect(new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
                        SampleTree.readAll(reader);
                    }
                })
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.UNSAFE_PATH));
    }

    @ParameterizedTest
    @MethodSource("unsafeArchives")
    void next_unsafeEntry_yieldsNoEntryForIt(ArchiveFormat format, byte[] archive) throws IOException {
        try (ArchiveReader reader =
                ArchiveReader.open(format, new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
            assertThatThrownBy(() -> {
                        while (true) {
                            ArchiveEntry entry = reader.next();
                            assertThat(entry).isNotNull();
                            assertThat(Arrays.asList(entry.path().split("/"))).doesNotContain("..");
                        }
                    })
                    .isInstanceOf(ArchiveException.class);
            assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void readAll(ArchiveFormat format, byte[] archive) throws IOException {
        try (ArchiveReader reader =
                ArchiveReader.open(format, new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
            SampleTree.readAll(reader);
        }
    }

    private static Arguments unsafe(String name, ArchiveFormat format, byte[] archive) {
        return Arguments.of(Named.of(name, format), archive);
    }
}
