package io.aetherfs.service.archive;

import static io.aetherfs.service.archive.HostileArchives.file;
import static io.aetherfs.service.archive.HostileArchives.tar;
import static io.aetherfs.service.archive.HostileArchives.zip;
import static io.aetherfs.service.archive.HostileArchives.zipFile;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Corrupt, truncated and unsupported input: every case must fail with ARCHIVE_INVALID, never hang or succeed. */
class ArchiveReaderInvalidTest {

    static Stream<Arguments> invalidArchives() throws IOException {
        byte[] big = SampleTree.random(5000);
        byte[] tar = tar(t -> file(t, "big.bin", big));
        byte[] tarGz = HostileArchives.gzip(tar);
        byte[] corruptGz = tarGz.clone();
        corruptGz[corruptGz.length - 8] ^= 0x55; // the CRC-32 in the gzip trailer
        byte[] zip = zip(z -> zipFile(z, "big.bin", big));
        return Stream.of(
                invalid("tar cut inside content", ArchiveFormat.TAR, Arrays.copyOf(tar, 2048)),
                invalid("tar cut inside a header", ArchiveFormat.TAR, Arrays.copyOf(tar, 300)),
                invalid("tar without end-of-archive blocks", ArchiveFormat.TAR, Arrays.copyOf(tar, 512 + 5120)),
                invalid("empty input", ArchiveFormat.TAR, new byte[0]),
                invalid("garbage", ArchiveFormat.TAR, SampleTree.random(4096)),
                invalid("tar.gz cut short", ArchiveFormat.TAR_GZ, Arrays.copyOf(tarGz, tarGz.length / 2)),
                invalid("tar.gz with a bad CRC", ArchiveFormat.TAR_GZ, corruptGz),
                invalid("tar.gz that is not gzip", ArchiveFormat.TAR_GZ, tar),
                invalid("zip cut inside content", ArchiveFormat.ZIP, Arrays.copyOf(zip, 1000)),
                invalid(
                        "name that is not UTF-8",
                        ArchiveFormat.TAR,
                        tar(TarArchiveOutputStream.LONGFILE_POSIX, "ISO-8859-1", t -> file(t, "caf\u00e9"))),
                invalid(
                        "GNU long name that is not UTF-8",
                        ArchiveFormat.TAR,
                        tar(
                                TarArchiveOutputStream.LONGFILE_GNU,
                                "ISO-8859-1",
                                t -> file(t, "caf\u00e9-" + "x".repeat(120)))),
                invalid("zip name that is not UTF-8", ArchiveFormat.ZIP, latin1Zip("caf\u00e9")),
                invalid("unsupported tar type", ArchiveFormat.TAR, tar(t -> {
                    TarArchiveEntry volume = new TarArchiveEntry("part", (byte) 'M');
                    t.putArchiveEntry(volume);
                    t.closeArchiveEntry();
                })));
    }

    @ParameterizedTest
    @MethodSource("invalidArchives")
    void next_corruptOrTruncated_failsWithInvalid(ArchiveFormat format, byte[] archive) {
        assertThatThrownBy(() -> {
                    try (ArchiveReader reader =
                            ArchiveReader.open(format, new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
                        SampleTree.readAll(reader);
                    }
                })
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.INVALID));
    }

    @Test
    void next_libarchiveXattrRecord_decodesBase64Value() throws IOException {
        byte[] archive = tar(t -> {
            TarArchiveEntry entry = new TarArchiveEntry("f");
            entry.addPaxHeader("LIBARCHIVE.xattr.user.a%3Db", "AP+A");
            entry.addPaxHeader("SCHILY.xattr.user.plain", "text");
            t.putArchiveEntry(entry);
            t.closeArchiveEntry();
        });

        try (ArchiveReader reader =
                ArchiveReader.open(ArchiveFormat.TAR, new ByteArrayInputStream(archive), ArchiveLimits.DEFAULTS)) {
            ArchiveEntry entry = reader.next();

            assertThat(entry.xattrs()).containsOnlyKeys("user.a=b", "user.plain");
            assertThat(entry.xattrs().get("user.a=b")).containsExactly(0, 0xff, 0x80);
            assertThat(entry.xattrs().get("user.plain")).isEqualTo("text".getBytes(UTF_8));
        }
    }

    private static byte[] latin1Zip(String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            zip.setEncoding("ISO-8859-1");
            zip.setUseLanguageEncodingFlag(false);
            zip.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            zipFile(zip, name, new byte[1]);
            zip.finish();
        }
        return out.toByteArray();
    }

    private static Arguments invalid(String name, ArchiveFormat format, byte[] archive) {
        return Arguments.of(Named.of(name, format), archive);
    }
}
