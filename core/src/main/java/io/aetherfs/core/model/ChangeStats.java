package io.aetherfs.core.model;

/** Path counts of a change list and the bytes of new content of added and modified files. */
public record ChangeStats(long added, long modified, long deleted, long bytes) {
    public static final ChangeStats NONE = new ChangeStats(0, 0, 0, 0);

    /** Returns whether nothing changed. */
    public boolean isEmpty() {
        return added == 0 && modified == 0 && deleted == 0;
    }
}
