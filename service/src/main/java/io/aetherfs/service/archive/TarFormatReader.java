package io.aetherfs.service.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads ustar, pax, GNU and star tar archives through commons-compress, with pax xattrs, sub-second mtimes, sparse
 * files (expanded) and long names.
 *
 * <p>Beyond commons-compress it insists on a proper end: the archive must end with a zero block, and at most
 * {@link #MAX_TRAILING_BYTES} may follow it, which for tar.gz also reaches the gzip trailer and so verifies its CRC.
 */
final class TarFormatReader implements FormatReader {

    static final int MAX_TRAILING_BYTES = 4 << 20;

    private static final byte LF_GNU_DUMPDIR = 'D';
    private static final byte LF_GNU_VOLUME_HEADER = 'V';

    private final InputStream decompressed;
    private final RawTarInputStream tar;

    /** Reads the tar stream {@code decompressed}, already gunzipped for tar.gz. */
    TarFormatReader(InputStream decompressed) {
        this.decompressed = decompressed;
        this.tar = new RawTarInputStream(decompressed);
    }

    @Override
    public ArchiveEntry next() throws IOException {
        while (true) {
            TarArchiveEntry header = tar.nextRawEntry();
            if (header == null) {
                verifyEnd();
                return null;
            }
            if (header.getLinkFlag() != LF_GNU_VOLUME_HEADER) {
                return toEntry(header);
            }
        }
    }

    @Override
    public InputStream content() {
        return tar;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private ArchiveEntry toEntry(TarArchiveEntry header) throws IOException {
        PaxRecords pax = tar.paxRecords();
        String path = text(
                firstNonNull(pax.get("GNU.sparse.name"), pax.get("path"), tar.longName()),
                header.getName(),
                "tar entry name");
        ArchiveEntryType type = typeOf(header, path);
        long size =
                switch (type) {
                    case FILE -> header.isSparse() ? header.getRealSize() : header.getSize();
                    case HARD_LINK -> header.getSize(); // normally 0; ArchiveReader substitutes the target's size
                    default -> 0;
                };
        String linkTarget = type == ArchiveEntryType.SYMLINK || type == ArchiveEntryType.HARD_LINK
                ? text(pax.get("linkpath"), header.getLinkName(), "link target of " + path)
                : null;
        long rdev = type.isDevice() ? new DeviceNumber(header.getDevMajor(), header.getDevMinor()).rdev() : 0;
        Instant mtime = header.getLastModifiedTime().toInstant();
        return new ArchiveEntry(
                path,
                type,
                header.getMode() & 07777,
                id(header.getLongUserId(), "uid", path),
                id(header.getLongGroupId(), "gid", path),
                mtime,
                size,
                linkTarget,
                rdev,
                PaxXattrs.read(header.getExtraPaxHeaders(), pax));
    }

    private static ArchiveEntryType typeOf(TarArchiveEntry header, String path) throws ArchiveException {
        byte flag = header.getLinkFlag();
        return switch (flag) {
            case TarConstants.LF_NORMAL,
                    TarConstants.LF_OLDNORM,
                    TarConstants.LF_CONTIG,
                    TarConstants.LF_GNUTYPE_SPARSE ->
                path.endsWith("/") ? ArchiveEntryType.DIRECTORY : ArchiveEntryType.FILE;
            case TarConstants.LF_DIR, LF_GNU_DUMPDIR -> ArchiveEntryType.DIRECTORY;
            case TarConstants.LF_SYMLINK -> ArchiveEntryType.SYMLINK;
            case TarConstants.LF_LINK -> ArchiveEntryType.HARD_LINK;
            case TarConstants.LF_FIFO -> ArchiveEntryType.FIFO;
            case TarConstants.LF_CHR -> ArchiveEntryType.CHAR_DEVICE;
            case TarConstants.LF_BLK -> ArchiveEntryType.BLOCK_DEVICE;
            default ->
                throw ArchiveException.invalid(
                        "tar entry " + path + " has unsupported type '" + (char) (flag & 0xff) + "'");
        };
    }

    /** Returns a uid or gid as the unsigned 32-bit value {@link ArchiveEntry} stores in an int. */
    private static int id(long value, String what, String path) throws ArchiveException {
        if (value < 0 || value > 0xffffffffL) {
            throw ArchiveException.invalid("tar entry " + path + " has " + what + " " + value + " out of range");
        }
        return (int) value;
    }

    private void verifyEnd() throws IOException {
        if (!tar.sawEndMarker()) {
            throw ArchiveException.invalid("tar archive is truncated: it ends without an end-of-archive block");
        }
        long trailing = 0;
        byte[] buffer = new byte[65536];
        for (int n; (n = decompressed.read(buffer)) >= 0; ) {
            trailing += n;
            if (trailing > MAX_TRAILING_BYTES) {
                throw ArchiveException.invalid(
                        "more than " + MAX_TRAILING_BYTES + " bytes follow the end of the tar archive");
            }
        }
    }

    /**
     * Returns a name from its raw pax or GNU long-name bytes when present, else from the ustar field commons-compress
     * decoded as ISO-8859-1 (see {@link RawTarInputStream}), strictly as UTF-8 either way. Using the raw bytes also
     * keeps the leading '/' commons-compress strips from those names, so absolute paths stay visible.
     */
    private static String text(byte[] raw, String decoded, String what) throws ArchiveException {
        if (raw != null) {
            return EntryPaths.decodeUtf8(raw, what);
        }
        if (decoded.chars().anyMatch(c -> c > 0xff)) {
            return decoded; // set by a global pax header, which commons-compress decoded as UTF-8 already
        }
        return EntryPaths.decodeUtf8(decoded.getBytes(StandardCharsets.ISO_8859_1), what);
    }

    private static byte[] firstNonNull(byte[]... candidates) {
        for (byte[] candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
