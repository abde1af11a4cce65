package io.aetherfs.service.archive;

import static io.aetherfs.service.archive.HostileArchives.directory;
import static io.aetherfs.service.archive.HostileArchives.file;
import static io.aetherfs.service.archive.HostileArchives.link;
import static io.aetherfs.service.archive.HostileArchives.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** Path normalization and the reader's iteration contract on archives that are odd but safe. */
class ArchiveReaderTest {

    @Test
    void next_dotSlashNames_areNormalizedAndTheRootIsSkipped() throws IOException {
        byte[] archive = tar(t -> {
            directory(t, "./");
            directory(t, "./a/./b//c/");
            file(t, "./a/f");
            link(t, TarConstants.LF_LINK, "a/h", "./a//f");
        });

        try (ArchiveReader reader = open(archive)) {
            assertThat(reader.next().path()).isEqualTo("a/b/c");
            assertThat(reader.next().path()).isEqualTo("a/f");
            ArchiveEntry link = reader.next();
            assertThat(link.path()).isEqualTo("a/h");
            assertThat(link.linkTarget()).isEqualTo("a/f");
            assertThat(link.size()).isEqualTo(1);
            assertThat(reader.next()).isNull();
            assertThat(reader.entriesRead()).isEqualTo(4);
        }
    }

    @Test
    void next_symlinkTargets_areReturnedVerbatim() throws IOException {
        byte[] archive = tar(t -> {
            link(t, TarConstants.LF_SYMLINK, "abs", "/etc/shadow");
            link(t, TarConstants.LF_SYMLINK, "up", "../../../outside");
            link(t, TarConstants.LF_SYMLINK, "dot", "./x//y/");
        });

        try (ArchiveReader reader = open(archive)) {
            assertThat(reader.next().linkTarget()).isEqualTo("/etc/shadow");
            assertThat(reader.next().linkTarget()).isEqualTo("../../../outside");
            assertThat(reader.next().linkTarget()).isEqualTo("./x//y/");
        }
    }

    @Test
    void next_hardLinkToAFileLaterReplacedByADirectory_isUnsafe() throws IOException {
        byte[] archive = tar(t -> {
            file(t, "x");
            directory(t, "x");
            link(t, TarConstants.LF_LINK, "h", "x");
        });

        try (ArchiveReader reader = open(archive)) {
            reader.next();
            reader.next();
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.code())
                    .isEqualTo(ArchiveException.UNSAFE_PATH));
        }
    }

    @Test
    void content_ofNonFileEntry_isRefused() throws IOException {
        byte[] archive = tar(t -> directory(t, "d"));

        try (ArchiveReader reader = open(archive)) {
            assertThatThrownBy(reader::content).isInstanceOf(IllegalStateException.class);
            reader.next();
            assertThatThrownBy(reader::content).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void next_afterPartlyReadContent_skipsToTheNextEntry() throws IOException {
        byte[] archive = tar(t -> {
            file(t, "a", SampleTree.random(100_000));
            file(t, "b", new byte[] {42});
        });

        try (ArchiveReader reader = open(archive)) {
            reader.next();
            InputStream content = reader.content();
            assertThat(content.read(new byte[10])).isEqualTo(10);
            content.close();

            assertThat(reader.next().path()).isEqualTo("b");
            assertThat(reader.content().readAllBytes()).containsExactly(42);
            assertThat(reader.expandedBytes()).isEqualTo(100_001);
        }
    }

    private static ArchiveReader open(byte[] archive) throws IOException {
        return ArchiveReader.open(ArchiveFormat.TAR, new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS);
    }
}
