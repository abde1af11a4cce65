package io.aetherfs.service.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A commons-compress tar stream that also keeps what it otherwise only exposes decoded and normalized: the raw pax
 * extended header and GNU long name before each entry, and whether the archive really ended with a zero block.
 *
 * <p>commons-compress decodes pax values as UTF-8 strings (losing binary xattr bytes and hiding invalid UTF-8) and
 * strips leading '/' from names set by pax {@code path} or a GNU long name (hiding absolute paths). It reads pax and long-name data through
 * this stream's own {@link #read(byte[], int, int)} while the header entry is current, which is where we tap it.
 * Metadata entries are capped at {@link #MAX_METADATA_BYTES} so a hostile header cannot exhaust memory.
 */
final class RawTarInputStream extends TarArchiveInputStream {

    static final int MAX_METADATA_BYTES = 16 << 20;

    private final ByteArrayOutputStream pax = new ByteArrayOutputStream();
    private byte[] longName;
    private long metadataBytes;
    private boolean endMarker;

    RawTarInputStream(InputStream in) {
        // ISO-8859-1 maps every header byte to one char, so TarFormatReader can recover the raw name bytes and
        // decode them as strict UTF-8; commons-compress's own UTF-8 decoding turns bad bytes into '?'.
        super(in, StandardCharsets.ISO_8859_1.name());
    }

    /** Returns the next real entry, or null at the end, after clearing what was captured for the previous one. */
    TarArchiveEntry nextRawEntry() throws IOException {
        pax.reset();
        longName = null;
        metadataBytes = 0;
        return getNextEntry();
    }

    /** Returns the records of the pax extended header(s) that preceded the current entry, with exact value bytes. */
    PaxRecords paxRecords() throws ArchiveException {
        return PaxRecords.decode(pax.toByteArray());
    }

    /** Returns the raw GNU long name that preceded the current entry, or null. */
    byte[] longName() {
        return longName;
    }

    /** Returns true if the archive ended with an end-of-archive zero block rather than just running out of bytes. */
    boolean sawEndMarker() {
        return endMarker;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && isMetadata(current)) {
            metadataBytes += n;
            if (metadataBytes > MAX_METADATA_BYTES) {
                throw ArchiveException.invalid(
                        "tar metadata header for " + current.getName() + " exceeds " + MAX_METADATA_BYTES + " bytes");
            }
            if (current.isPaxHeader()) {
                pax.write(buffer, offset, n);
            }
        }
        return n;
    }

    @Override
    protected byte[] getLongNameData() throws IOException {
        // The superclass reads the following entry before returning, so note which kind this one is first.
        boolean isName = getCurrentEntry().isGNULongNameEntry();
        byte[] data = super.getLongNameData();
        if (isName && data != null) {
            longName = data;
        }
        return data;
    }

    @Override
    protected byte[] readRecord() throws IOException {
        byte[] record = super.readRecord();
        if (record != null && isEOFRecord(record)) {
            endMarker = true;
        }
        return record;
    }

    private static boolean isMetadata(TarArchiveEntry entry) {
        return entry.isPaxHeader()
                || entry.isGlobalPaxHeader()
                || entry.isGNULongNameEntry()
                || entry.isGNULongLinkEntry();
    }
}
