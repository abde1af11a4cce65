package io.aetherfs.core.gc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aetherfs.core.engine.Stamped;
import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.tree.Chunk;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.NodeCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks one tenant's stored tree nodes from given start nodes, breadth first, reading them straight
 * from the metadata store in batches (never through the engine's caches) and checking each against its
 * name. Tree roots ('T') lead to their directory's chunks ('C'); chunks lead to lower chunks, to the
 * chunks of subdirectories and to file extents. Commit objects ('K') are leaves here: the tree a commit
 * names is reached through its record's {@code root}. {@link NodeCodec#EMPTY_CHUNK_ID} is never stored
 * and counts as present.
 */
final class TreeWalker {
    static final char TREE_ROOT = 'T';
    static final char CHUNK = 'C';
    static final char COMMIT_OBJECT = 'K';
    /** The kind of a start node that may be any node (a young node kept by the grace period). */
    static final char ANY = '?';

    private static final int BATCH = 256;
    private static final long CACHE_BYTES = 64L << 20;

    /** A node to visit and the kind it must be ({@link #ANY} for no expectation). */
    record Start(Hash id, char kind) {}

    /** What a walk reports. */
    interface Visitor {
        /** Called for every extent of every file entry of a visited node (repeats included). */
        void extent(Extent e);

        /** Called with the canonical-memo key of every directory of a visited node. */
        default void directory(Hash memoKey) {}

        /** Called for a node that is missing, corrupt or undecodable. */
        void problem(Problem.Kind kind, String key, String detail);
    }

    /** The references of one decoded node. */
    private record Node(List<Start> children, List<Extent> extents, List<Hash> memoKeys) {
        long weight() {
            return 64 + 48L * children.size() + 64L * extents.size() + 48L * memoKeys.size();
        }
    }

    private final MetaStore meta;
    private final TenantId tenant;
    private final Cache<Hash, Node> decoded;
    private long nodesRead;

    /**
     * Returns a walker; with {@code cache}, decoded nodes are kept (within a bounded budget) for walks
     * that revisit shared subtrees, such as one walk per root when counting references.
     */
    TreeWalker(MetaStore meta, TenantId tenant, boolean cache) {
        this.meta = meta;
        this.tenant = tenant;
        this.decoded = cache
                ? Caffeine.newBuilder()
                        .maximumWeight(CACHE_BYTES)
                        .<Hash, Node>weigher((k, n) -> (int) Math.min(Integer.MAX_VALUE, n.weight()))
                        .build()
                : null;
    }

    /** Returns how many node values this walker read from the store. */
    long nodesRead() {
        return nodesRead;
    }

    /**
     * Visits every node reachable from {@code starts} that is not in {@code visited}, adding each to
     * {@code visited} (missing and broken ones too, so they are reported once per set).
     */
    void walk(Collection<Start> starts, Set<Hash> visited, Visitor v) {
        ArrayDeque<Start> queue = new ArrayDeque<>();
        for (Start s : starts) {
            enqueue(s, visited, queue);
        }
        while (!queue.isEmpty()) {
            List<Start> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
            while (batch.size() < BATCH && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            Map<Hash, Node> nodes = load(batch, v);
            for (Start s : batch) {
                Node n = nodes.get(s.id());
                if (n == null) {
                    continue;
                }
                n.extents().forEach(v::extent);
                n.memoKeys().forEach(v::directory);
                for (Start c : n.children()) {
                    enqueue(c, visited, queue);
                }
            }
        }
    }

    private static void enqueue(Start s, Set<Hash> visited, ArrayDeque<Start> queue) {
        if (!s.id().equals(NodeCodec.EMPTY_CHUNK_ID) && visited.add(s.id())) {
            queue.add(s);
        }
    }

    /** Returns the decoded nodes of a batch (cached or read in one transaction); broken ones are reported. */
    private Map<Hash, Node> load(List<Start> batch, Visitor v) {
        Map<Hash, Node> out = new HashMap<>();
        List<Start> toRead = new ArrayList<>();
        for (Start s : batch) {
            Node n = decoded == null ? null : decoded.getIfPresent(s.id());
            if (n != null) {
                out.put(s.id(), n);
            } else {
                toRead.add(s);
            }
        }
        if (toRead.isEmpty()) {
            return out;
        }
        Map<Hash, Optional<byte[]>> values = meta.read(tx -> {
            Map<Hash, Optional<byte[]>> m = new HashMap<>();
            for (Start s : toRead) {
                m.put(s.id(), tx.get(tenant, StoredLayout.node(s.id())));
            }
            return m;
        });
        nodesRead += toRead.size();
        for (Start s : toRead) {
            Node n = decode(s, values.get(s.id()), v);
            if (n != null) {
                out.put(s.id(), n);
                if (decoded != null) {
                    decoded.put(s.id(), n);
                }
            }
        }
        return out;
    }

    private static Node decode(Start s, Optional<byte[]> stored, Visitor v) {
        String key = StoredLayout.node(s.id());
        if (stored.isEmpty()) {
            v.problem(Problem.Kind.NODE_MISSING, key, describe(s.kind()) + " is missing");
            return null;
        }
        byte[] value = stored.get();
        if (value.length < 8) {
            v.problem(Problem.Kind.NODE_CORRUPT, key, "the stored value has " + value.length + " bytes, no write time");
            return null;
        }
        Hash actual = Hash.of(value, 8, value.length - 8);
        if (!actual.equals(s.id())) {
            v.problem(Problem.Kind.NODE_CORRUPT, key, "the stored data hashes to " + actual.hex());
            return null;
        }
        byte[] data = Stamped.data(value);
        char kind = NodeCodec.kindOf(data);
        if (s.kind() != ANY && kind != s.kind()) {
            v.problem(
                    Problem.Kind.NODE_UNDECODABLE,
                    key,
                    "expected " + describe(s.kind()) + ", found a node of kind '" + printable(kind) + "'");
            // Fall through: whatever it is, what it references stays reachable.
        }
        try {
            return switch (kind) {
                case TREE_ROOT -> root(NodeCodec.decodeRoot(data));
                case CHUNK -> chunk(NodeCodec.decodeChunk(data));
                case COMMIT_OBJECT -> new Node(List.of(), List.of(), List.of());
                default -> throw new IllegalStateException("unknown node kind '" + printable(kind) + "'");
            };
        } catch (RuntimeException e) {
            v.problem(Problem.Kind.NODE_UNDECODABLE, key, e.getMessage());
            return null;
        }
    }

    private static Node root(DirEntry d) {
        return new Node(List.of(new Start(d.children().identity(), CHUNK)), List.of(), List.of(memoKey(d)));
    }

    private static Node chunk(Chunk c) {
        List<Start> children = new ArrayList<>();
        List<Extent> extents = new ArrayList<>();
        List<Hash> memos = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            if (c.level() > 0) {
                children.add(new Start(c.child(i).identity(), CHUNK));
            } else if (c.entry(i) instanceof FileEntry f) {
                extents.addAll(f.content().extents());
            } else if (c.entry(i) instanceof DirEntry d) {
                children.add(new Start(d.children().identity(), CHUNK));
                memos.add(memoKey(d));
            }
        }
        return new Node(children, extents, memos);
    }

    /**
     * Returns the key of the canonical-hash memo ({@code cv/}) of a directory: SHA-256 of its children
     * chunk id and {@code octal(mode) + "\0" + xattrDigest}. This must stay equal to the engine's
     * {@code NodeStore.memoKey}; GarbageCollectorTest checks that live memos survive a collection.
     */
    static Hash memoKey(DirEntry d) {
        MessageDigest md = Hash.sha256();
        d.children().identity().updateDigest(md);
        md.update((Integer.toOctalString(d.attrs().mode()) + "\0"
                        + d.attrs().xattrs().digest())
                .getBytes(StandardCharsets.US_ASCII));
        return Hash.finish(md);
    }

    private static String describe(char kind) {
        return switch (kind) {
            case TREE_ROOT -> "a tree root";
            case CHUNK -> "a directory chunk";
            case COMMIT_OBJECT -> "a commit object";
            default -> "a node";
        };
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
