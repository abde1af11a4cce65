package io.aetherfs.core.engine;

import io.aetherfs.core.model.Session;
import io.aetherfs.core.tree.DirEntry;

/**
 * A committed session as one node knows it: its record (and the record's stored bytes, for optimistic
 * concurrency) and its working tree, the stored root with the logged ops replayed on top.
 */
public record SessionState(Session session, byte[] recordBytes, DirEntry tree) {
    /** Returns whether the working tree has ops not yet folded into the stored root. */
    public boolean hasUnflushedOps() {
        return session.head().walSeq() > session.head().rootWal();
    }
}
