package io.aetherfs.core.tree;

/**
 * Aggregates kept on every directory and chunk so subtree statistics never need a walk: direct entries
 * and subdirectories, and recursive regular-file count, file bytes, and hard-linked entries.
 */
public record DirStats(long entries, long subdirs, long files, long bytes, long linked) {
    public static final DirStats EMPTY = new DirStats(0, 0, 0, 0, 0);

    /** Returns the sum of two aggregates. */
    public DirStats plus(DirStats o) {
        return new DirStats(
                entries + o.entries, subdirs + o.subdirs, files + o.files, bytes + o.bytes, linked + o.linked);
    }

    /** Returns what one directory entry contributes to the aggregates of the chunk holding it. */
    public static DirStats of(Entry e) {
        long linked = e.links().isEmpty() ? 0 : 1;
        return switch (e) {
            case FileEntry f -> new DirStats(1, 0, 1, f.content().size(), linked);
            case DirEntry d ->
                new DirStats(
                        1, 1, d.stats().files(), d.stats().bytes(), d.stats().linked());
            default -> new DirStats(1, 0, 0, 0, linked);
        };
    }
}
