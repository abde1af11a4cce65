package io.aetherfs.core.engine;

import io.aetherfs.core.model.Session;
import io.aetherfs.core.tree.DirEntry;

/**
 * A session as a batch sees it: the committed state it started from (null for a session created in
 * this batch), its current record and tree, and whether it was deleted.
 */
record Working(SessionState base, Session current, DirEntry tree, boolean deleted) {
    Working withSession(Session s) {
        return new Working(base, s, tree, deleted);
    }

    Working withTree(DirEntry t) {
        return new Working(base, current, t, deleted);
    }

    Working markDeleted() {
        return new Working(base, current, tree, true);
    }
}
