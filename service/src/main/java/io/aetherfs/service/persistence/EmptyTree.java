package io.aetherfs.service.persistence;

import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Xattrs;

/** The empty underlay: a root directory with mode 0755 and no entries (the last-resort merge ancestor). */
final class EmptyTree {
    static final DirEntry ROOT = DirEntry.empty(new Attrs(1, 0755, 0, 0, 0, Xattrs.NONE));

    private EmptyTree() {}
}
