package io.aetherfs.service.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aetherfs.service.archive.SampleTree.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cross-checks the tar codec against GNU tar in both directions. */
class GnuTarInteropTest {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;

    @BeforeAll
    static void requireGnuTar() {
        assumeTrue(ExternalTools.available("GNU tar", "tar", "--version"), "GNU tar is not installed");
    }

    @ParameterizedTest
    @EnumSource(
            value = ArchiveFormat.class,
            names = {"TAR", "TAR_GZ"})
    void gnuTarExtract_ourArchive_restoresContentModesTimesAndLinks(ArchiveFormat format) throws Exception {
        List<Item> items = new ArrayList<>(SampleTree.items(false));
        items.add(new Item(
                new ArchiveEntry("a/fifo", ArchiveEntryType.FIFO, 0640, 0, 0, SampleTree.T0, 0, null, 0, null),
                new byte[0]));
        if (ExternalTools.isRoot()) {
            items.add(new Item(
                    new ArchiveEntry(
                            "a/null",
                            ArchiveEntryType.CHAR_DEVICE,
                            0666,
                            0,
                            0,
                            SampleTree.T0,
                            0,
                            null,
                            SampleTree.NULL_DEVICE,
                            null),
                    new byte[0]));
        }
        Path archive = tmp.resolve("export.archive");
        Files.write(archive, SampleTree.write(format, items, null));
        Path dest = Files.createDirectory(tmp.resolve("x"));

        ExternalTools.run(dest, "tar", "--xattrs", "--xattrs-include=*", "-xpf", archive.toString());

        for (Item item : items) {
            ArchiveEntry entry = item.entry();
            Path path = dest.resolve(entry.path());
            switch (entry.type()) {
                case FILE -> {
                    assertThat(Files.readAllBytes(path)).as(entry.path()).isEqualTo(item.content());
                    assertThat(mode(path)).as(entry.path()).isEqualTo(entry.mode());
                    assertThat(Files.getLastModifiedTime(path, NOFOLLOW).toInstant())
                            .isEqualTo(entry.mtime());
                }
                case DIRECTORY -> {
                    assertThat(Files.isDirectory(path, NOFOLLOW))
                            .as(entry.path())
                            .isTrue();
                    assertThat(mode(path)).as(entry.path()).isEqualTo(entry.mode());
                }
                case SYMLINK ->
                    assertThat(Files.readSymbolicLink(path).toString()).isEqualTo(entry.linkTarget());
                case HARD_LINK ->
                    assertThat(Files.getAttribute(path, "unix:ino", NOFOLLOW))
                            .isEqualTo(Files.getAttribute(dest.resolve(entry.linkTarget()), "unix:ino", NOFOLLOW));
                case FIFO ->
                    assertThat((int) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 0170000)
                            .isEqualTo(0010000);
                case CHAR_DEVICE ->
                    assertThat(Files.getAttribute(path, "unix:rdev", NOFOLLOW)).isEqualTo(entry.rdev());
                default -> throw new AssertionError("unexpected " + entry);
            }
        }
        Path small = dest.resolve("a/small.txt");
        assumeTrue(xattrsSupported(small), "this filesystem has no user xattrs");
        assertThat(readXattr(small, "user.binary")).isEqualTo(SampleTree.BINARY_XATTR);
        assertThat(new String(readXattr(small, "user.text"), UTF_8)).isEqualTo("héllo wörld ✓");
    }

    @Test
    void ourReader_gnuTarPaxArchive_readsTypesModesTimesAndLinks() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path dir = Files.createDirectories(root.resolve("dir/sub"));
        Path file = Files.write(root.resolve("dir/file.txt"), "content\n".getBytes(UTF_8));
        Path big = Files.write(root.resolve("dir/sub/big.bin"), SampleTree.random(5 << 20));
        Path deep = root.resolve(SampleTree.LONG_CHAIN);
        Files.createDirectories(deep.getParent());
        Files.write(deep, "deep\n".getBytes(UTF_8));
        Files.createSymbolicLink(root.resolve("dir/abs-link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("dir/up-link"), Path.of("../dir/file.txt"));
        Files.createLink(root.resolve("dir/hard"), file);
        ExternalTools.run(root, "mkfifo", "dir/fifo");
        ExternalTools.run(root, "chmod", "4755", "dir/sub/big.bin");
        ExternalTools.run(root, "chmod", "0600", "dir/file.txt");
        ExternalTools.run(root, "chmod", "0750", "dir/sub");
        Instant mtime = Instant.ofEpochSecond(1_650_000_000L, 123_456_789);
        Files.setLastModifiedTime(big, FileTime.from(mtime));
        Files.setLastModifiedTime(dir, FileTime.from(mtime.plusSeconds(1)));
        ExternalTools.run(tmp, "tar", "--xattrs", "--format=pax", "-cf", "gnu.tar", "-C", root.toString(), ".");

        Map<String, Item> read = readFile(tmp.resolve("gnu.tar"));

        assertThat(read).doesNotContainKey("").containsKeys("dir", "dir/sub", SampleTree.LONG_CHAIN);
        assertThat(read.get("dir/sub/big.bin").content()).isEqualTo(Files.readAllBytes(big));
        assertThat(read.get("dir/sub/big.bin").entry().mode()).isEqualTo(04755);
        assertThat(read.get("dir/sub/big.bin").entry().mtime()).isEqualTo(mtime);
        assertThat(read.get("dir/sub").entry().mtime()).isEqualTo(mtime.plusSeconds(1));
        assertThat(read.get("dir/sub").entry().mode()).isEqualTo(0750);
        assertThat(read.get(SampleTree.LONG_CHAIN).content()).isEqualTo("deep\n".getBytes(UTF_8));
        assertThat(read.get("dir/abs-link").entry().linkTarget()).isEqualTo("/etc/passwd");
        assertThat(read.get("dir/up-link").entry().linkTarget()).isEqualTo("../dir/file.txt");
        assertThat(read.get("dir/fifo").entry().type()).isEqualTo(ArchiveEntryType.FIFO);
        // GNU tar archives whichever name it meets first as the file and the other as a link to it
        ArchiveEntry first = read.get("dir/file.txt").entry();
        ArchiveEntry second = read.get("dir/hard").entry();
        ArchiveEntry link = first.type() == ArchiveEntryType.HARD_LINK ? first : second;
        ArchiveEntry target = link == first ? second : first;
        assertThat(link.type()).isEqualTo(ArchiveEntryType.HARD_LINK);
        assertThat(link.linkTarget()).isEqualTo(target.path());
        assertThat(link.size()).isEqualTo(8);
        assertThat(target.mode()).isEqualTo(0600);
        assertThat(read.get(target.path()).content()).isEqualTo("content\n".getBytes(UTF_8));
    }

    @Test
    void ourReader_gnuTarPaxArchiveWithXattrs_readsExactValueBytes() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path file = Files.write(root.resolve("tagged.txt"), "x".getBytes(UTF_8));
        assumeTrue(xattrsSupported(file), "this filesystem has no user xattrs");
        writeXattr(file, "user.binary", SampleTree.BINARY_XATTR);
        writeXattr(file, "user.text", "wörld".getBytes(UTF_8));
        ExternalTools.run(tmp, "tar", "--xattrs", "--format=pax", "-cf", "x.tar", "-C", root.toString(), ".");

        ArchiveEntry entry = readFile(tmp.resolve("x.tar")).get("tagged.txt").entry();

        assertThat(entry.xattrs()).containsOnlyKeys("user.binary", "user.text");
        assertThat(entry.xattrs().get("user.binary")).isEqualTo(SampleTree.BINARY_XATTR);
        assertThat(entry.xattrs().get("user.text")).isEqualTo("wörld".getBytes(UTF_8));
    }

    @Test
    void ourReader_gnuFormatLongNames_readsFullNamesAndTargets() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path deep = root.resolve(SampleTree.LONG_CHAIN);
        Files.createDirectories(deep.getParent());
        Files.write(deep, "deep\n".getBytes(UTF_8));
        String longTarget = "../" + "t".repeat(200);
        Files.createSymbolicLink(root.resolve("link"), Path.of(longTarget));
        ExternalTools.run(tmp, "tar", "--format=gnu", "-czf", "gnu.tgz", "-C", root.toString(), ".");

        Map<String, Item> read = readFile(tmp.resolve("gnu.tgz"));

        assertThat(read.get(SampleTree.LONG_CHAIN).content()).isEqualTo("deep\n".getBytes(UTF_8));
        assertThat(read.get("link").entry().linkTarget()).isEqualTo(longTarget);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--format=pax", "--format=gnu"})
    void ourReader_gnuTarAbsoluteNames_failsWithUnsafePath(String format) throws Exception {
        Path file = Files.write(tmp.resolve("f-" + "n".repeat(120)), "x".getBytes(UTF_8));
        ExternalTools.run(tmp, "tar", format, "-P", "-cf", "abs.tar", file.toString());

        assertThatThrownBy(() -> readFile(tmp.resolve("abs.tar")))
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.UNSAFE_PATH));
    }

    @Test
    void ourReader_gnuTarSparseFile_expandsHolesAndChargesThemToTheRatio() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        byte[] expected = new byte[3 << 20];
        expected[0] = 'H';
        expected[expected.length - 1] = 'T';
        try (SeekableByteChannel channel = Files.newByteChannel(
                root.resolve("holes.bin"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'H'}));
            channel.position(expected.length - 1).write(ByteBuffer.wrap(new byte[] {'T'}));
        }
        ExternalTools.run(tmp, "tar", "--sparse", "--format=pax", "-cf", "sparse.tar", "-C", root.toString(), ".");
        Path archive = tmp.resolve("sparse.tar");

        try (InputStream in = Files.newInputStream(archive);
                ArchiveReader reader =
                        ArchiveReader.open(ArchiveFormat.TAR, in, new ArchiveLimits(10, 1L << 30, 1e6))) {
            Item holes = SampleTree.readAll(reader).get("holes.bin");
            assertThat(holes.entry().size()).isEqualTo(expected.length);
            assertThat(holes.content()).isEqualTo(expected);
        }
        assertThatThrownBy(() -> readFile(archive))
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.LIMIT_EXCEEDED));
    }

    @Test
    void unzip_ourZip_restoresContentModesAndSymlinks() throws Exception {
        assumeTrue(ExternalTools.available("UnZip", "unzip", "-v"), "unzip is not installed");
        List<Item> items = SampleTree.items(false);
        Path archive = tmp.resolve("export.zip");
        Files.write(archive, SampleTree.write(ArchiveFormat.ZIP, items, null));
        Path dest = Files.createDirectory(tmp.resolve("x"));

        ExternalTools.run(tmp, "unzip", "-tq", archive.toString());
        ExternalTools.run(dest, "unzip", "-q", "-K", archive.toString());

        for (Item item : items) {
            ArchiveEntry entry = item.entry();
            Path path = dest.resolve(entry.path());
            switch (entry.type()) {
                case FILE -> {
                    assertThat(Files.readAllBytes(path)).as(entry.path()).isEqualTo(item.content());
                    assertThat(mode(path)).as(entry.path()).isEqualTo(entry.mode());
                }
                case HARD_LINK ->
                    assertThat(Files.readAllBytes(path))
                            .isEqualTo(Files.readAllBytes(dest.resolve(entry.linkTarget())));
                case SYMLINK ->
                    assertThat(Files.readSymbolicLink(path).toString()).isEqualTo(entry.linkTarget());
                case DIRECTORY -> assertThat(mode(path)).as(entry.path()).isEqualTo(entry.mode());
                default -> throw new AssertionError("unexpected " + entry);
            }
        }
    }

    private static Map<String, Item> readFile(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive);
                ArchiveReader reader = ArchiveReader.openDetect(in, ArchiveLimits.DEFAULTS)) {
            return SampleTree.readAll(reader);
        }
    }

    private static int mode(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777;
    }

    private static boolean xattrsSupported(Path file) {
        try {
            writeXattr(file, "user.aetherfs-probe", new byte[] {1});
            Files.getFileAttributeView(file, UserDefinedFileAttributeView.class).delete("aetherfs-probe");
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void writeXattr(Path file, String name, byte[] value) throws IOException {
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write(name.substring("user.".length()), ByteBuffer.wrap(value));
    }

    private static byte[] readXattr(Path file, String name) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        String key = name.substring("user.".length());
        ByteBuffer buffer = ByteBuffer.allocate(view.size(key));
        view.read(key, buffer);
        return buffer.array();
    }
}
