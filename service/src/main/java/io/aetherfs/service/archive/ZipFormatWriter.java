package io.aetherfs.service.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.AsiExtraField;
import org.apache.commons.compress.archivers.zip.X7875_NewUnix;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes entries as a streamed zip: deflated files, directories named with a trailing '/', symlinks stored as their
 * target text with Unix type bits, and hard links as full copies of their file.
 *
 * <p>The Unix mode goes into the central directory's external attributes ({@code unzip}, Python, Info-ZIP) and into
 * an ASi extra field in the local header, so that a streaming reader such as {@link ZipFormatReader} sees it too.
 * uid/gid go into the Info-ZIP "ux" field; mtime into the extended-timestamp and NTFS fields (100 ns precision).
 * FIFOs, devices and sockets have no zip form and are skipped.
 */
final class ZipFormatWriter implements FormatWriter {

    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 040000;
    private static final int S_IFLNK = 0120000;

    private final ZipArchiveOutputStream zip;

    ZipFormatWriter(OutputStream out) {
        zip = new ZipArchiveOutputStream(out);
        zip.setUseZip64(Zip64Mode.AsNeeded);
        zip.setEncoding(StandardCharsets.UTF_8.name());
        zip.setUseLanguageEncodingFlag(true);
        zip.setMethod(ZipEntry.DEFLATED);
    }

    @Override
    public boolean write(ArchiveEntry entry, ContentSource content) throws IOException {
        int typeBits =
                switch (entry.type()) {
                    case FILE, HARD_LINK -> S_IFREG;
                    case DIRECTORY -> S_IFDIR;
                    case SYMLINK -> S_IFLNK;
                    case FIFO, SOCKET, CHAR_DEVICE, BLOCK_DEVICE -> 0;
                };
        if (typeBits == 0) {
            return false;
        }
        ZipArchiveEntry header =
                new ZipArchiveEntry(entry.type() == ArchiveEntryType.DIRECTORY ? entry.path() + "/" : entry.path());
        header.setUnixMode(typeBits | entry.mode());
        header.addExtraField(unixModeField(entry));
        X7875_NewUnix owner = new X7875_NewUnix();
        owner.setUID(Integer.toUnsignedLong(entry.uid()));
        owner.setGID(Integer.toUnsignedLong(entry.gid()));
        header.addExtraField(owner);
        header.setLastModifiedTime(FileTime.from(entry.mtime()));

        switch (entry.type()) {
            case FILE, HARD_LINK -> {
                header.setSize(entry.size());
                zip.putArchiveEntry(header);
                FormatWriter.copyExactly(content, zip, entry.size(), entry.path());
            }
            case SYMLINK -> {
                byte[] target = entry.linkTarget().getBytes(StandardCharsets.UTF_8);
                header.setSize(target.length);
                zip.putArchiveEntry(header);
                zip.write(target);
            }
            default -> zip.putArchiveEntry(header);
        }
        zip.closeArchiveEntry();
        return true;
    }

    @Override
    public void finish() throws IOException {
        zip.finish();
        zip.close(); // the caller's stream is shielded; this only releases the deflater
    }

    /** Returns the ASi Unix field carrying mode, type and link target in the local header. */
    private static AsiExtraField unixModeField(ArchiveEntry entry) {
        AsiExtraField asi = new AsiExtraField();
        if (entry.type() == ArchiveEntryType.DIRECTORY) {
            asi.setDirectory(true);
        }
        if (entry.type() == ArchiveEntryType.SYMLINK) {
            asi.setLinkedFile(entry.linkTarget());
        }
        asi.setMode(entry.mode()); // after the type flags: setMode adds the matching S_IF* bits
        // ASi ids are 16-bit; the ux field carries the full values
        asi.setUserId(Integer.compareUnsigned(entry.uid(), 0xffff) <= 0 ? entry.uid() : 0);
        asi.setGroupId(Integer.compareUnsigned(entry.gid(), 0xffff) <= 0 ? entry.gid() : 0);
        return asi;
    }
}
