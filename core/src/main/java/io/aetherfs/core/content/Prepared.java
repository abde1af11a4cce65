package io.aetherfs.core.content;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.tree.Content;
import java.util.Map;

/**
 * File content made ready for a change: its extents are named, large ones are already durable in the
 * blob store, and the small ones in {@code inline} must be stored by the change that uses them.
 */
public record Prepared(Content content, Map<Hash, byte[]> inline) {
    public Prepared {
        inline = Map.copyOf(inline);
    }
}
