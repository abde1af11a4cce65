package io.aetherfs.service.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small pieces of the archive codecs: format names, pax records, device numbers, path normalization. */
class ArchiveCodecUnitsTest {

    @ParameterizedTest
    @CsvSource({"tar,TAR", "TAR,TAR", "tar.gz,TAR_GZ", "tgz,TAR_GZ", "TGZ,TAR_GZ", "zip,ZIP", "Zip,ZIP"})
    void parse_knownName_returnsFormat(String name, ArchiveFormat expected) {
        assertThat(ArchiveFormat.parse(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "rar", "tar.bz2", "gz"})
    void parse_unknownName_failsNamingTheChoices(String name) {
        assertThatThrownBy(() -> ArchiveFormat.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tar, tar.gz, tgz, zip");
    }

    @Test
    void contentType_matchesTheSpec() {
        assertThat(ArchiveFormat.TAR.contentType()).isEqualTo("application/x-tar");
        assertThat(ArchiveFormat.TAR_GZ.contentType()).isEqualTo("application/gzip");
        assertThat(ArchiveFormat.ZIP.contentType()).isEqualTo("application/zip");
    }

    @Test
    void paxRecords_encode_lengthPrefixCountsItself() throws ArchiveException {
        PaxRecords records = new PaxRecords();
        for (int size = 0; size < 1100; size++) {
            records.put("k" + size, new byte[size]); // crosses the 1→2→3→4 digit length boundaries
        }
        byte[] data = records.encode();

        PaxRecords decoded = PaxRecords.decode(data);

        assertThat(decoded.asMap()).hasSize(1100);
        for (int size = 0; size < 1100; size++) {
            assertThat(decoded.get("k" + size)).hasSize(size);
        }
        assertThat(new String(data, 0, 9, UTF_8)).isEqualTo("6 k0=\n7 k");
    }

    @Test
    void paxRecords_decode_keepsBinaryValuesAndIgnoresNulPadding() throws ArchiveException {
        PaxRecords records = new PaxRecords();
        byte[] binary = new byte[256];
        new Random(1).nextBytes(binary);
        records.put("SCHILY.xattr.user.b", binary);
        byte[] padded = Arrays.copyOf(records.encode(), 1024);

        assertThat(PaxRecords.decode(padded).get("SCHILY.xattr.user.b")).isEqualTo(binary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "5 a=b", "10 a=b\n", "3 =\n", "6 ab\n\n", "a5 k=v\n"})
    void paxRecords_decode_malformed_isInvalid(String data) {
        assertThatThrownBy(() -> PaxRecords.decode(data.getBytes(UTF_8)))
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.INVALID));
    }

    @Test
    void paxXattrs_nameWithEquals_usesLibarchiveForm() throws ArchiveException {
        TreeMap<String, byte[]> xattrs = new TreeMap<>();
        xattrs.put("user.a=b %", new byte[] {0, (byte) 0xff});
        xattrs.put("user.plain", new byte[] {(byte) 0xc3});
        PaxRecords records = new PaxRecords();

        PaxXattrs.write(xattrs, records);

        assertThat(records.asMap()).containsOnlyKeys("LIBARCHIVE.xattr.user.a%3Db%20%25", "SCHILY.xattr.user.plain");
        TreeMap<String, String> decoded = new TreeMap<>();
        decoded.put("LIBARCHIVE.xattr.user.a%3Db%20%25", "AP8=");
        assertThat(PaxXattrs.read(decoded, records).get("user.a=b %")).containsExactly(0, 0xff);
        assertThat(PaxXattrs.read(decoded, records).get("user.plain")).containsExactly(0xc3);
    }

    @ParameterizedTest
    @CsvSource({"1,3,259", "8,0,2048", "4095,255,1048575", "4096,256,17592187092992"})
    void deviceNumber_matchesGlibcMakedev(long major, long minor, long rdev) {
        assertThat(new DeviceNumber(major, minor).rdev()).isEqualTo(rdev);
        assertThat(DeviceNumber.ofRdev(new DeviceNumber(major, minor).rdev()))
                .isEqualTo(new DeviceNumber(major, minor));
    }

    @Test
    void deviceNumber_roundTripsAllThirtyTwoBitValues() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            DeviceNumber device = new DeviceNumber(random.nextLong(1L << 32), random.nextLong(1L << 32));
            assertThat(DeviceNumber.ofRdev(device.rdev())).isEqualTo(device);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"a|a", "./a|a", "a/|a", "./a/./b//c/|a/b/c", ".|''", "./|''", "'.//.'|''", "a b/ü|a b/ü"})
    void normalize_safeNames_dropDotsAndSlashes(String raw, String expected) throws ArchiveException {
        assertThat(EntryPaths.normalize(raw, "name")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a", "//a", "..", "../a", "a/..", "a/../b", "./../a", "a\0b"})
    void normalize_unsafeNames_areRefused(String raw) {
        assertThatThrownBy(() -> EntryPaths.normalize(raw, "name"))
                .isInstanceOfSatisfying(
                        ArchiveException.class, e -> assertThat(e.code()).isEqualTo(ArchiveException.UNSAFE_PATH));
    }

    @Test
    void decimalSeconds_keepsEveryNanosecond() {
        assertThat(TarFormatWriter.decimalSeconds(Instant.ofEpochSecond(5, 1))).isEqualTo("5.000000001");
        assertThat(TarFormatWriter.decimalSeconds(Instant.ofEpochSecond(5))).isEqualTo("5");
        assertThat(TarFormatWriter.decimalSeconds(Instant.ofEpochSecond(-2, 500_000_000)))
                .isEqualTo("-1.5");
    }

    @Test
    void archiveEntry_equality_comparesXattrBytes() {
        TreeMap<String, byte[]> a = new TreeMap<>();
        a.put("user.x", new byte[] {1, 2});
        TreeMap<String, byte[]> b = new TreeMap<>();
        b.put("user.x", new byte[] {1, 2});
        Instant t = Instant.EPOCH;

        ArchiveEntry first = new ArchiveEntry("f", ArchiveEntryType.FILE, 0644, 0, 0, t, 0, null, 0, a);
        ArchiveEntry second = new ArchiveEntry("f", ArchiveEntryType.FILE, 0644, 0, 0, t, 0, null, 0, b);

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        a.get("user.x")[0] = 9; // the entry took a copy
        assertThat(first).isEqualTo(second);
    }

    @Test
    void archiveEntry_invalidShape_isRejected() {
        Instant t = Instant.EPOCH;
        assertThatThrownBy(() -> new ArchiveEntry("f", ArchiveEntryType.FILE, 0100644, 0, 0, t, 0, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveEntry("l", ArchiveEntryType.SYMLINK, 0777, 0, 0, t, 0, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveEntry("d", ArchiveEntryType.DIRECTORY, 0755, 0, 0, t, 0, "x", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
