package io.aetherfs.core.tree;

import io.aetherfs.core.model.Hash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the chunks of a tree that exist only in memory, children before parents, so a flush can
 * store them and then mark their references stored. Stored subtrees are never visited, so the cost
 * follows the number of unflushed changes, not the size of the tree.
 */
public final class DirtyNodes {
    /** One unstored chunk: its reference, id and encoding. */
    public record Node(ChunkRef ref, Chunk chunk, Hash id, byte[] encoding) {}

    private final List<Node> nodes = new ArrayList<>();
    private final Set<Hash> seen = new HashSet<>();

    private DirtyNodes() {}

    /** Returns the unstored chunks reachable from {@code root}, children first. */
    public static List<Node> collect(DirEntry root) {
        DirtyNodes d = new DirtyNodes();
        d.visit(root.children());
        return d.nodes;
    }

    /** Marks every collected chunk stored; call only after their encodings are durably committed. */
    public static void markStored(List<Node> nodes) {
        for (Node n : nodes) {
            n.ref().markStored(n.id());
        }
    }

    private void visit(ChunkRef ref) {
        Chunk c = ref.inMemory();
        if (ref.isStored() || c == null) {
            return;
        }
        for (int i = 0; i < c.size(); i++) {
            if (c.level() > 0) {
                visit(c.child(i));
            } else if (c.entry(i) instanceof DirEntry d) {
                visit(d.children());
            }
        }
        Hash id = NodeCodec.identity(c);
        if (seen.add(id)) {
            nodes.add(new Node(ref, c, id, NodeCodec.encodeChunk(c)));
        } else {
            nodes.add(new Node(ref, c, id, null)); // same content collected already: mark only
        }
    }
}
