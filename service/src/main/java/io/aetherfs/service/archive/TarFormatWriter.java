package io.aetherfs.service.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes entries as a POSIX pax tar: a ustar header per entry, preceded by a pax extended header whenever a value does
 * not fit ustar (long or non-ASCII names, big numbers, sub-second mtime) or the entry has xattrs.
 *
 * <p>We write the pax header ourselves (see {@link PaxRecords}) because commons-compress only encodes pax values as
 * UTF-8 strings and truncates mtime to 100 ns. commons-compress is set up to add no pax header of its own: long names
 * are truncated in the ustar fields (the pax {@code path} overrides them) and big numbers use the star/GNU base-256
 * encoding (the pax records override those too).
 */
final class TarFormatWriter implements FormatWriter {

    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;

    private final TarArchiveOutputStream tar;

    TarFormatWriter(OutputStream out) {
        tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
    }

    @Override
    public boolean write(ArchiveEntry entry, ContentSource content) throws IOException {
        if (entry.type() == ArchiveEntryType.SOCKET) {
            return false; // tar has no socket type
        }
        byte linkFlag =
                switch (entry.type()) {
                    case FILE -> TarConstants.LF_NORMAL;
                    case DIRECTORY -> TarConstants.LF_DIR;
                    case SYMLINK -> TarConstants.LF_SYMLINK;
                    case HARD_LINK -> TarConstants.LF_LINK;
                    case FIFO -> TarConstants.LF_FIFO;
                    case CHAR_DEVICE -> TarConstants.LF_CHR;
                    case BLOCK_DEVICE -> TarConstants.LF_BLK;
                    case SOCKET -> throw new AssertionError("sockets are skipped above");
                };
        String name = entry.type() == ArchiveEntryType.DIRECTORY ? entry.path() + "/" : entry.path();
        long size = entry.type() == ArchiveEntryType.FILE ? entry.size() : 0;
        TarArchiveEntry header = new TarArchiveEntry(name, linkFlag);
        header.setMode(entry.mode());
        header.setUserId(Integer.toUnsignedLong(entry.uid()));
        header.setGroupId(Integer.toUnsignedLong(entry.gid()));
        header.setUserName(""); // never leak the server's account name into exports
        header.setGroupName("");
        header.setLastModifiedTime(FileTime.from(clampedSeconds(entry.mtime()), TimeUnit.SECONDS));
        header.setSize(size);
        if (entry.linkTarget() != null) {
            header.setLinkName(entry.linkTarget());
        }
        DeviceNumber device = entry.type().isDevice() ? DeviceNumber.ofRdev(entry.rdev()) : new DeviceNumber(0, 0);
        header.setDevMajor(Math.toIntExact(device.major()));
        header.setDevMinor(Math.toIntExact(device.minor()));

        PaxRecords pax = paxRecords(entry, name, size, device);
        if (!pax.isEmpty()) {
            writePaxHeader(name, pax, header.getLastModifiedTime());
        }
        tar.putArchiveEntry(header);
        if (size > 0) {
            FormatWriter.copyExactly(content, tar, size, entry.path());
        }
        tar.closeArchiveEntry();
        return true;
    }

    @Override
    public void finish() throws IOException {
        tar.finish();
        tar.close(); // closes the gzip layer, if any, which writes its trailer; the caller's stream stays open
    }

    private static PaxRecords paxRecords(ArchiveEntry entry, String name, long size, DeviceNumber device) {
        PaxRecords pax = new PaxRecords();
        if (!fitsUstarName(name)) {
            pax.put("path", name);
        }
        if (entry.linkTarget() != null && !fitsUstarName(entry.linkTarget())) {
            pax.put("linkpath", entry.linkTarget());
        }
        if (size > MAX_OCTAL_11) {
            pax.put("size", Long.toString(size));
        }
        if (Integer.toUnsignedLong(entry.uid()) > MAX_OCTAL_7) {
            pax.put("uid", Integer.toUnsignedString(entry.uid()));
        }
        if (Integer.toUnsignedLong(entry.gid()) > MAX_OCTAL_7) {
            pax.put("gid", Integer.toUnsignedString(entry.gid()));
        }
        Instant mtime = entry.mtime();
        if (mtime.getNano() != 0 || mtime.getEpochSecond() < 0 || mtime.getEpochSecond() > MAX_OCTAL_11) {
            pax.put("mtime", decimalSeconds(mtime));
        }
        if (device.major() > MAX_OCTAL_7) {
            pax.put("SCHILY.devmajor", Long.toString(device.major()));
        }
        if (device.minor() > MAX_OCTAL_7) {
            pax.put("SCHILY.devminor", Long.toString(device.minor()));
        }
        PaxXattrs.write(entry.xattrs(), pax);
        return pax;
    }

    /** Writes an 'x' header entry whose data is {@code pax}; it applies to the entry written next. */
    private void writePaxHeader(String name, PaxRecords pax, FileTime mtime) throws IOException {
        byte[] data = pax.encode();
        TarArchiveEntry header = new TarArchiveEntry(paxHeaderName(name), TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        header.setMode(0644);
        header.setUserName("");
        header.setGroupName("");
        header.setLastModifiedTime(mtime);
        header.setSize(data.length);
        tar.putArchiveEntry(header);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    /** Returns GNU tar's style of pax header name, {@code PaxHeaders/<base name>}, kept ASCII and under 100 bytes. */
    private static String paxHeaderName(String name) {
        String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^\\x21-\\x7e]", "_");
        String result = "PaxHeaders/" + base;
        return result.length() < TarConstants.NAMELEN ? result : result.substring(0, TarConstants.NAMELEN - 1);
    }

    private static boolean fitsUstarName(String name) {
        return name.length() < TarConstants.NAMELEN && name.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static long clampedSeconds(Instant mtime) {
        return Math.clamp(mtime.getEpochSecond(), 0, MAX_OCTAL_11);
    }

    /** Returns {@code t} as pax decimal seconds with all nine fractional digits it needs, for example 1.000000001. */
    static String decimalSeconds(Instant t) {
        BigDecimal seconds = BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString();
    }
}
