package io.aetherfs.service.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Streams a file tree into a tar, tar.gz or zip archive for export (spec §8.16), one entry at a time and without
 * holding any file's content in memory.
 *
 * <p>Entries whose type the format cannot represent are skipped and counted in {@link #skipped()}: sockets in tar;
 * FIFOs, devices and sockets in zip. A {@link ArchiveEntryType#HARD_LINK} must name a {@link ArchiveEntryType#FILE}
 * added earlier. In tar it becomes a link entry and its content is not read; zip has no hard links, so there it is
 * written as a full copy and its {@link ContentSource} (the target's content again) and size are required.
 *
 * <p>The caller owns {@code out}: {@link #finish()} completes the archive and flushes but never closes it.
 * {@link #close()} without {@link #finish()} abandons the archive without writing a trailer, so a consumer sees it
 * as truncated. Not thread-safe.
 */
public final class ArchiveWriter implements AutoCloseable {

    private enum State {
        OPEN,
        FINISHED,
        FAILED,
        CLOSED
    }

    private final ArchiveFormat format;
    private final FormatWriter writer;
    private final Set<String> files = new HashSet<>();
    private long skipped;
    private State state = State.OPEN;

    private ArchiveWriter(ArchiveFormat format, FormatWriter writer) {
        this.format = format;
        this.writer = writer;
    }

    /** Returns a writer of {@code format} that streams into {@code out}, which stays open. */
    public static ArchiveWriter open(ArchiveFormat format, OutputStream out) throws IOException {
        OutputStream sink = new BufferedOutputStream(new ShieldedOutputStream(Objects.requireNonNull(out)), 65536);
        FormatWriter writer =
                switch (format) {
                    case TAR -> new TarFormatWriter(sink);
                    case TAR_GZ -> new TarFormatWriter(new GzipCompressorOutputStream(sink));
                    case ZIP -> new ZipFormatWriter(sink);
                };
        return new ArchiveWriter(format, writer);
    }

    /**
     * Appends {@code entry}.
     *
     * @param content the bytes of a {@link ArchiveEntryType#FILE} (may be null when its size is 0), or of the linked
     *     file for a zip {@link ArchiveEntryType#HARD_LINK}; ignored for every other type
     * @return true if the entry was written, false if the format cannot represent it and it was skipped
     * @throws IllegalArgumentException if the path is not normalized, a FILE lacks content, or a hard link does not
     *     name an earlier FILE
     * @throws IllegalStateException after {@link #finish()}, {@link #close()} or a failed add
     * @throws IOException if writing fails or the content does not have {@code entry.size()} bytes; the writer is then
     *     failed and the archive must be discarded
     */
    public boolean add(ArchiveEntry entry, ContentSource content) throws IOException {
        requireOpen();
        EntryPaths.requireNormalized(entry.path(), "entry path");
        if (entry.type() == ArchiveEntryType.FILE && entry.size() < 0) {
            throw new IllegalArgumentException("FILE entry " + entry.path() + " needs a known size");
        }
        if (entry.type() == ArchiveEntryType.HARD_LINK) {
            requireLinkable(entry, content);
        }
        boolean written;
        try {
            written = writer.write(entry, content);
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
        if (!written) {
            skipped++;
        } else if (entry.type() == ArchiveEntryType.FILE) {
            files.add(entry.path());
        } else {
            files.remove(entry.path());
        }
        return written;
    }

    /** Returns how many entries were skipped because the format cannot represent their type. */
    public long skipped() {
        return skipped;
    }

    /**
     * Writes the archive trailer (and gzip trailer) and flushes the caller's stream without closing it.
     *
     * @throws IllegalStateException if the writer is not open
     */
    public void finish() throws IOException {
        requireOpen();
        try {
            writer.finish();
            state = State.FINISHED;
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** Ends this writer; unless {@link #finish()} succeeded first, the archive is left without its trailer. */
    @Override
    public void close() {
        state = State.CLOSED;
    }

    private void requireLinkable(ArchiveEntry link, ContentSource content) {
        EntryPaths.requireNormalized(link.linkTarget(), "hard link target");
        if (!files.contains(link.linkTarget())) {
            throw new IllegalArgumentException(
                    "hard link " + link.path() + " must name a FILE added earlier, not " + link.linkTarget());
        }
        if (format == ArchiveFormat.ZIP && link.size() != 0 && (content == null || link.size() < 0)) {
            throw new IllegalArgumentException("zip has no hard links: " + link.path()
                    + " is written as a copy and needs the linked file's size and content");
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("archive writer is " + state.name().toLowerCase(Locale.ROOT));
        }
    }
}
