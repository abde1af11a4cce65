package io.aetherfs.core.content;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.Extent;
import java.util.function.Supplier;

/** Reads extent bytes from wherever they live, and remembers lazily computed content hashes. */
public interface ExtentReader {
    /** Returns {@code length} bytes of extent {@code e} starting {@code offset} bytes into it. */
    byte[] read(Extent e, long offset, int length);

    /** Returns the remembered content hash of a layout, computing it with {@code compute} on a miss. */
    Hash rememberedHash(Hash layoutDigest, Supplier<Hash> compute);
}
