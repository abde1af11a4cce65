package io.aetherfs.service.files;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.Extent;
import java.util.List;

/**
 * An entry at a path as the filesystem API reports it (a ManifestEntry): the stored entry, its hash
 * (file content hash, directory tree hash, or SHA-256 of a symlink target) and, when asked, its extents.
 */
public record EntryView(FsPath path, Entry entry, String hash, List<Extent> extents) {
    /** Returns the link count: hard links for files, 2 plus subdirectories for directories. */
    public long nlink() {
        return entry instanceof DirEntry d ? d.nlink() : entry.links().nlink();
    }
}
