package io.aetherfs.service.archive;

/**
 * The resource limits {@link ArchiveReader} enforces while reading an untrusted archive (spec §8.15, {@code [limits]
 * import_max_*}).
 *
 * @param maxEntries most entries the archive may hold, counting every header read
 * @param maxExpandedBytes most bytes of file content the archive may expand to
 * @param maxExpansionRatio most expanded content bytes per archive byte consumed; checked once 1 MiB has expanded
 */
public record ArchiveLimits(long maxEntries, long maxExpandedBytes, double maxExpansionRatio) {

    /** The spec's defaults: 1,000,000 entries, 50 GiB expanded, ratio 200. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(1_000_000, 50L << 30, 200);

    public ArchiveLimits {
        if (maxEntries < 0 || maxExpandedBytes < 0) {
            throw new IllegalArgumentException("archive limits must not be negative");
        }
        if (!(maxExpansionRatio > 0)) {
            throw new IllegalArgumentException("maxExpansionRatio must be positive, was " + maxExpansionRatio);
        }
    }
}
