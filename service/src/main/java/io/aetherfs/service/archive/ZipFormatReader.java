package io.aetherfs.service.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.zip.AsiExtraField;
import org.apache.commons.compress.archivers.zip.UnicodePathExtraField;
import org.apache.commons.compress.archivers.zip.X7875_NewUnix;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipExtraField;

/**
 * Reads a zip archive front to back from its local headers, without the central directory a stream cannot seek to.
 *
 * <p>Unix metadata therefore comes from local extra fields: mode, type and symlink flag from the ASi field, uid/gid
 * from the Info-ZIP "ux" field, mtime from the extended-timestamp or NTFS field. Zips that keep modes only in the
 * central directory (Info-ZIP's {@code zip}, for one) read as 0644 files and 0755 directories, and their symlinks as
 * regular files. Sizes are -1 when the entry was streamed with a data descriptor. Encrypted entries, unsupported
 * methods and stored entries with a data descriptor are refused as invalid. Reading stops at the central directory,
 * which is not checked, so a zip cut off exactly between two entries reads as complete.
 */
final class ZipFormatReader implements FormatReader {

    /** Longest symlink target we read from an entry's content (Linux allows 4095 bytes). */
    static final int MAX_LINK_TARGET_BYTES = 65536;

    private final ZipArchiveInputStream zip;

    ZipFormatReader(InputStream in) {
        zip = new ZipArchiveInputStream(in, StandardCharsets.UTF_8.name(), true, false);
    }

    @Override
    public ArchiveEntry next() throws IOException {
        ZipArchiveEntry header = zip.getNextEntry();
        if (header == null) {
            return null;
        }
        String path = name(header);
        if (!zip.canReadEntryData(header)) {
            throw ArchiveException.invalid("zip entry " + path
                    + " uses encryption, a data descriptor on a stored entry, or an unsupported method");
        }
        AsiExtraField asi = extraField(header, AsiExtraField.class);
        X7875_NewUnix owner = extraField(header, X7875_NewUnix.class);
        ArchiveEntryType type;
        if (asi != null && asi.isLink()) {
            type = ArchiveEntryType.SYMLINK;
        } else if (header.isDirectory() || (asi != null && asi.isDirectory())) {
            type = ArchiveEntryType.DIRECTORY;
        } else {
            type = ArchiveEntryType.FILE;
        }
        int mode;
        if (asi != null) {
            mode = asi.getMode() & 07777;
        } else if (header.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && header.getUnixMode() != 0) {
            mode = header.getUnixMode() & 07777;
        } else {
            mode = type == ArchiveEntryType.DIRECTORY ? 0755 : 0644;
        }
        long uid = owner != null ? owner.getUID() : asi != null ? asi.getUserId() : 0;
        long gid = owner != null ? owner.getGID() : asi != null ? asi.getGroupId() : 0;
        if (uid < 0 || uid > 0xffffffffL || gid < 0 || gid > 0xffffffffL) {
            throw ArchiveException.invalid("zip entry " + path + " has a uid or gid out of range");
        }
        String linkTarget = type == ArchiveEntryType.SYMLINK ? readLinkTarget(path) : null;
        long size =
                switch (type) {
                    case FILE -> header.getSize();
                    default -> 0;
                };
        FileTime mtime = header.getLastModifiedTime();
        return new ArchiveEntry(
                path,
                type,
                mode,
                (int) uid,
                (int) gid,
                mtime == null ? Instant.EPOCH : mtime.toInstant(),
                size,
                linkTarget,
                0,
                null);
    }

    @Override
    public InputStream content() {
        return zip;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** Returns a symlink's target, which zip stores as the entry's content. */
    private String readLinkTarget(String path) throws IOException {
        byte[] target = zip.readNBytes(MAX_LINK_TARGET_BYTES + 1);
        if (target.length > MAX_LINK_TARGET_BYTES) {
            throw ArchiveException.invalid("symlink " + path + " has a target longer than " + MAX_LINK_TARGET_BYTES);
        }
        return EntryPaths.decodeUtf8(target, "target of symlink " + path);
    }

    /**
     * Returns the entry's name decoded strictly from its raw bytes (commons-compress would replace bad bytes with
     * '?'), falling back to an Info-ZIP Unicode path field for legacy-encoded names.
     */
    private static String name(ZipArchiveEntry header) throws ArchiveException {
        try {
            return EntryPaths.decodeUtf8(header.getRawName(), "zip entry name");
        } catch (ArchiveException notUtf8) {
            UnicodePathExtraField unicode = extraField(header, UnicodePathExtraField.class);
            if (unicode == null) {
                throw notUtf8;
            }
            return EntryPaths.decodeUtf8(unicode.getUnicodeName(), "zip entry name");
        }
    }

    private static <T extends ZipExtraField> T extraField(ZipArchiveEntry header, Class<T> kind) {
        for (ZipExtraField field : header.getExtraFields()) {
            if (kind.isInstance(field)) {
                return kind.cast(field);
            }
        }
        return null;
    }
}
