package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;

/**
 * A commit object: the content-addressed node a commit record names, holding its tree root, the
 * previous commit object (null for the first), author, time and message. Its id is the hash of
 * {@link #encode()}, stored as a tree node ('K' in {@link NodeCodec}).
 */
public record CommitObject(Hash root, Hash parent, String author, long timeMillis, String message) {
    /** Returns the stored encoding; the object's id is its hash. */
    public byte[] encode() {
        return NodeCodec.encodeCommit(this);
    }

    /** Decodes a stored commit object. */
    public static CommitObject decode(byte[] data) {
        return NodeCodec.decodeCommit(data);
    }
}
