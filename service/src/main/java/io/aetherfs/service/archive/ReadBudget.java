package io.aetherfs.service.archive;

/**
 * The running totals {@link ArchiveReader} checks against {@link ArchiveLimits}: entries read, content bytes expanded,
 * and the ratio of expanded bytes to archive bytes consumed.
 */
final class ReadBudget {

    /** The ratio is only judged once this much has expanded, so small archives with large headers pass. */
    static final long RATIO_FLOOR = 1L << 20;

    private final ArchiveLimits limits;
    private final CountingInputStream consumed;
    private long entries;
    private long expanded;

    ReadBudget(ArchiveLimits limits, CountingInputStream consumed) {
        this.limits = limits;
        this.consumed = consumed;
    }

    /**
     * Counts one more entry header.
     *
     * @throws ArchiveException {@link ArchiveException#LIMIT_EXCEEDED} past {@link ArchiveLimits#maxEntries()}
     */
    void countEntry() throws ArchiveException {
        if (++entries > limits.maxEntries()) {
            throw ArchiveException.limitExceeded("archive has more than " + limits.maxEntries() + " entries");
        }
    }

    /**
     * Fails early when an entry declares more content than the remaining expansion allowance.
     *
     * @throws ArchiveException {@link ArchiveException#LIMIT_EXCEEDED} past {@link ArchiveLimits#maxExpandedBytes()}
     */
    void reserve(String path, long declaredSize) throws ArchiveException {
        if (declaredSize > limits.maxExpandedBytes() - expanded) {
            throw ArchiveException.limitExceeded("entry " + path + " (" + declaredSize
                    + " bytes) takes the archive past " + limits.maxExpandedBytes() + " expanded bytes");
        }
    }

    /**
     * Records {@code n} more bytes of entry content produced.
     *
     * @throws ArchiveException {@link ArchiveException#LIMIT_EXCEEDED} past the expanded-bytes limit, or past the
     *     expansion ratio once {@link #RATIO_FLOOR} bytes have expanded
     */
    void expand(long n) throws ArchiveException {
        expanded += n;
        if (expanded > limits.maxExpandedBytes()) {
            throw ArchiveException.limitExceeded(
                    "archive expands to more than " + limits.maxExpandedBytes() + " bytes of content");
        }
        if (expanded >= RATIO_FLOOR) {
            double ratio = (double) expanded / Math.max(1, consumed.count());
            if (ratio > limits.maxExpansionRatio()) {
                throw ArchiveException.limitExceeded(String.format(
                        "archive expands %d archive bytes to %d content bytes, a ratio above %s",
                        consumed.count(), expanded, limits.maxExpansionRatio()));
            }
        }
    }

    long entries() {
        return entries;
    }

    long expanded() {
        return expanded;
    }
}
