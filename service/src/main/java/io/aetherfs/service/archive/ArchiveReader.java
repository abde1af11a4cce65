package io.aetherfs.service.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an untrusted tar, tar.gz or zip stream entry by entry for source import and tarball sync (spec §8.15, §8.16),
 * enforcing archive safety as it goes.
 *
 * <p>Every entry comes back with a normalized relative path: a leading {@code ./}, {@code .} components and trailing
 * slashes are dropped, and an entry naming the root itself is skipped. It fails with an {@link ArchiveException}:
 *
 * <ul>
 *   <li>{@link ArchiveException#UNSAFE_PATH} for an absolute path, a {@code ..} component, a NUL, a path below an
 *       earlier symlink entry, or a hard link whose target is absolute, has {@code ..}, or is not an earlier regular
 *       file of the archive;
 *   <li>{@link ArchiveException#INVALID} for corrupt or truncated data, names that are not UTF-8, and unsupported
 *       entry types or features;
 *   <li>{@link ArchiveException#LIMIT_EXCEEDED} past the {@link ArchiveLimits}.
 * </ul>
 *
 * <p>Symlink targets are returned verbatim and never followed. FIFOs and devices are returned for the caller to skip.
 * After an exception the reader is unusable. Not thread-safe.
 */
public final class ArchiveReader implements AutoCloseable {

    private static final int BUFFER_BYTES = 8192;

    private final FormatReader format;
    private final ReadBudget budget;
    private final Map<String, Long> fileSizes = new HashMap<>();
    private final Set<String> symlinks = new HashSet<>();
    private ArchiveEntry current;
    private EntryContentStream content;
    private boolean failed;

    private ArchiveReader(FormatReader format, ReadBudget budget) {
        this.format = format;
        this.budget = budget;
    }

    /**
     * Returns a reader of {@code in} as {@code format}; closing the reader closes {@code in}.
     *
     * @throws ArchiveException {@link ArchiveException#INVALID} if a tar.gz stream does not start with a gzip header
     */
    public static ArchiveReader open(ArchiveFormat format, InputStream in, ArchiveLimits limits) throws IOException {
        CountingInputStream counted = new CountingInputStream(in);
        return open(format, new BufferedInputStream(counted, BUFFER_BYTES), counted, limits);
    }

    /** Returns a reader of {@code in} as gzipped tar, zip or plain tar, whichever its first bytes indicate. */
    public static ArchiveReader openDetect(InputStream in, ArchiveLimits limits) throws IOException {
        CountingInputStream counted = new CountingInputStream(in);
        BufferedInputStream buffered = new BufferedInputStream(counted, BUFFER_BYTES);
        buffered.mark(4);
        byte[] head = buffered.readNBytes(4);
        buffered.reset();
        return open(ArchiveFormat.sniff(head, head.length), buffered, counted, limits);
    }

    private static ArchiveReader open(
            ArchiveFormat format, InputStream in, CountingInputStream counted, ArchiveLimits limits)
            throws IOException {
        FormatReader reader;
        try {
            reader = switch (format) {
                case TAR -> new TarFormatReader(in);
                case TAR_GZ -> new TarFormatReader(new GzipCompressorInputStream(in, true));
                case ZIP -> new ZipFormatReader(in);
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw ArchiveException.from(e);
        }
        return new ArchiveReader(reader, new ReadBudget(limits, counted));
    }

    /**
     * Returns the next entry, or null at the end of the archive; any unread content of the previous entry is read
     * and counted first.
     *
     * @throws ArchiveException if the archive is unsafe, invalid or over a limit
     * @throws IOException if the underlying stream fails
     */
    public ArchiveEntry next() throws IOException {
        if (failed) {
            throw new IllegalStateException("archive reader failed earlier");
        }
        try {
            while (true) {
                if (content != null) {
                    content.drain();
                }
                current = null;
                content = null;
                ArchiveEntry raw = format.next();
                if (raw == null) {
                    return null;
                }
                budget.countEntry();
                long declared = raw.type() == ArchiveEntryType.FILE ? raw.size() : -1;
                content = new EntryContentStream(format.content(), raw.path(), declared, budget);
                current = check(raw);
                if (current != null) {
                    return current;
                }
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw ArchiveException.from(e);
        }
    }

    /**
     * Returns the content of the current {@link ArchiveEntryType#FILE} entry, ending at its size; closing it leaves
     * the archive open.
     *
     * @throws IllegalStateException if the current entry is not a FILE
     */
    public InputStream content() {
        if (current == null || current.type() != ArchiveEntryType.FILE) {
            throw new IllegalStateException("content() needs a current FILE entry");
        }
        return content;
    }

    /** Returns the number of entries read so far, skipped ones included. */
    public long entriesRead() {
        return budget.entries();
    }

    /** Returns the content bytes expanded so far. */
    public long expandedBytes() {
        return budget.expanded();
    }

    /** Closes the archive and the stream it reads. */
    @Override
    public void close() throws IOException {
        format.close();
    }

    /** Returns {@code raw} with a safe normalized path, or null for the root entry, or fails. */
    private ArchiveEntry check(ArchiveEntry raw) throws ArchiveException {
        String path = EntryPaths.normalize(raw.path(), "entry path");
        if (path.isEmpty()) {
            return null;
        }
        requireNoSymlinkAncestor(path);
        ArchiveEntry entry = raw.withPath(path);
        switch (raw.type()) {
            case FILE -> budget.reserve(path, raw.size());
            case HARD_LINK -> entry = checkHardLink(entry);
            case SYMLINK -> EntryPaths.requireText(raw.linkTarget(), "symlink target of " + path);
            default -> {}
        }
        if (entry.type() == ArchiveEntryType.FILE) {
            fileSizes.put(path, entry.size());
        } else {
            fileSizes.remove(path);
        }
        if (entry.type() == ArchiveEntryType.SYMLINK) {
            symlinks.add(path);
        } else {
            symlinks.remove(path);
        }
        return entry;
    }

    private ArchiveEntry checkHardLink(ArchiveEntry link) throws ArchiveException {
        String target = EntryPaths.normalize(link.linkTarget(), "hard link target of " + link.path());
        Long size = fileSizes.get(target);
        if (size == null) {
            throw ArchiveException.unsafePath("hard link " + link.path() + " points to " + link.linkTarget()
                    + ", which is not an earlier regular file of the archive");
        }
        return link.withShape(ArchiveEntryType.HARD_LINK, size, target);
    }

    /** Refuses a path that an extractor would resolve through an earlier symlink entry. */
    private void requireNoSymlinkAncestor(String path) throws ArchiveException {
        if (symlinks.isEmpty()) {
            return;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (symlinks.contains(path.substring(0, slash))) {
                throw ArchiveException.unsafePath(
                        "entry " + path + " lies below the symlink " + path.substring(0, slash));
            }
        }
    }
}
