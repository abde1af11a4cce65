package io.aetherfs.service.persistence;

import io.aetherfs.core.model.EntryType;
import io.aetherfs.core.model.FsPath;

/** One changed path of a change list (spec §6.4); hashes are empty and sizes 0 where a side is absent. */
public record ChangeEntry(
        FsPath path, Kind kind, EntryType type, String oldHash, String newHash, long oldSize, long newSize) {
    /** How a path changed. */
    public enum Kind {
        ADDED,
        MODIFIED,
        DELETED,
        TYPE_CHANGED
    }
}
