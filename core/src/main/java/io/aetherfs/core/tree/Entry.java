package io.aetherfs.core.tree;

import io.aetherfs.core.model.EntryType;

/** An entry of a directory: a file, a directory, a symlink or a special file, with its attributes. */
public sealed interface Entry permits FileEntry, DirEntry, SymlinkEntry, SpecialEntry {
    /** Returns the attributes. */
    Attrs attrs();

    /** Returns the kind. */
    EntryType type();

    /** Returns a copy with other attributes. */
    Entry withAttrs(Attrs attrs);

    /** Returns the other hard-link paths (always none for directories). */
    default Links links() {
        return Links.NONE;
    }

    /** Returns a copy with other hard-link siblings; directories cannot be hard-linked. */
    default Entry withLinks(Links links) {
        throw new UnsupportedOperationException("directories cannot be hard-linked");
    }

    /** Returns the logical size: file bytes, symlink target bytes, directory entry count, 0 otherwise. */
    long size();
}
