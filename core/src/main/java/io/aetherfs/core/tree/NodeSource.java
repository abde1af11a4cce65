package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;

/** Loads stored chunks of one tenant by id; implementations cache. */
@FunctionalInterface
public interface NodeSource {
    /** Returns the chunk stored under {@code id}; throws DATA_LOSS if it is missing or corrupt. */
    Chunk load(Hash id);
}
