package io.aetherfs.service.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * The content of the current archive entry as {@link ArchiveReader#content()} hands it out: it charges every byte to
 * the {@link ReadBudget}, holds the entry to its declared size, and leaves the archive open when closed.
 */
final class EntryContentStream extends InputStream {

    private final InputStream source;
    private final String path;
    private final long declaredSize;
    private final ReadBudget budget;
    private final byte[] single = new byte[1];
    private long produced;
    private boolean ended;

    /** Wraps {@code source}, which ends at the entry's end; {@code declaredSize} is -1 when unknown. */
    EntryContentStream(InputStream source, String path, long declaredSize, ReadBudget budget) {
        this.source = source;
        this.path = path;
        this.declaredSize = declaredSize;
        this.budget = budget;
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n;
        try {
            n = source.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw ArchiveException.from(e);
        }
        if (n < 0) {
            ended = true;
            if (declaredSize >= 0 && produced != declaredSize) {
                throw ArchiveException.invalid(
                        "entry " + path + " ended after " + produced + " of its " + declaredSize + " bytes");
            }
            return -1;
        }
        produced += n;
        if (declaredSize >= 0 && produced > declaredSize) {
            throw ArchiveException.invalid(
                    "entry " + path + " holds more than its declared " + declaredSize + " bytes");
        }
        budget.expand(n);
        return n;
    }

    /** Skips by reading, so skipped content is charged to the budget like read content. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    /** Reads the rest of the entry, charging it to the budget. */
    void drain() throws IOException {
        byte[] buffer = new byte[32768];
        while (read(buffer, 0, buffer.length) >= 0) {
            // keep reading
        }
    }

    /** Leaves the archive open; the next {@link ArchiveReader#next()} drains whatever is left. */
    @Override
    public void close() {}
}
