package io.aetherfs.core.gc;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.ForkPoint;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads every live root of one tenant (session records with their unfolded logs and content references, checkpoints,
 * commits, merge bases, source revisions and uploads) from one consistent snapshot of the metadata store, and reports the records
 * and log rows it cannot read.
 *
 * <p>A merge-base value {@code mb/<target>/<source>} is accepted as the raw 32-byte root hash or as
 * JSON {@code {"root":"<64 hex>"}} (nothing writes merge bases yet).
 */
final class LiveRoots {
    private static final int PAGE = 1000;

    /** The roots of a tenant, the problems met while reading them, and the number of sessions. */
    record Scan(List<Root> roots, List<Problem> problems, long sessions) {}

    private final TenantId tenant;
    private final List<Root> roots = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private long sessions;

    private LiveRoots(TenantId tenant) {
        this.tenant = tenant;
    }

    /** Returns the live roots of {@code tenant}, all read in one snapshot. */
    static Scan read(MetaStore meta, TenantId tenant) {
        return meta.read(tx -> {
            LiveRoots r = new LiveRoots(tenant);
            scan(tx, tenant, StoredLayout.sessions(), kv -> r.session(tx, kv));
            scan(tx, tenant, StoredLayout.checkpoints(), r::checkpoint);
            scan(tx, tenant, StoredLayout.commits(), r::commit);
            scan(tx, tenant, StoredLayout.mergeBases(), r::mergeBase);
            scan(tx, tenant, StoredLayout.revisions(), r::revision);
            scan(tx, tenant, StoredLayout.uploads(), r::upload);
            return new Scan(List.copyOf(r.roots), List.copyOf(r.problems), r.sessions);
        });
    }

    /** Calls {@code each} for every entry of {@code range}, a page at a time. */
    static void scan(ReadTx tx, TenantId tenant, KeyRange range, Consumer<KeyValue> each) {
        KeyRange rest = range;
        while (true) {
            List<KeyValue> page = tx.scan(tenant, rest, PAGE);
            page.forEach(each);
            if (page.size() < PAGE) {
                return;
            }
            rest = rest.after(page.getLast().key());
        }
    }

    private void session(ReadTx tx, KeyValue kv) {
        Session s;
        try {
            s = Json.read(kv.value(), Session.class);
            if (s.id() == null || s.head() == null || s.origin() == null) {
                throw new IllegalStateException("the record lacks its id, head or origin");
            }
        } catch (RuntimeException e) {
            problem(Problem.Kind.RECORD_UNREADABLE, kv.key(), kv.key(), "session record: " + e.getMessage());
            return;
        }
        sessions++;
        Session.Head h = s.head();
        List<TreeWalker.Start> head = new ArrayList<>();
        if (h.root() != null) {
            head.add(new TreeWalker.Start(h.root(), TreeWalker.TREE_ROOT));
        }
        roots.add(new Root(Root.Kind.SESSION, kv.key(), head, logExtents(tx, s, kv.key())));
        scan(tx, tenant, StoredLayout.contentRefs(s.id()), this::contentRef);
        Set<Hash> origin = new LinkedHashSet<>();
        if (s.origin().baseRoot() != null) {
            origin.add(s.origin().baseRoot());
        }
        for (ForkPoint f : s.origin().lineage()) {
            if (f != null && f.root() != null) {
                origin.add(f.root());
            }
        }
        if (!origin.isEmpty()) {
            roots.add(new Root(
                    Root.Kind.SESSION_ORIGIN,
                    kv.key() + " (origin)",
                    origin.stream()
                            .map(r -> new TreeWalker.Start(r, TreeWalker.TREE_ROOT))
                            .toList(),
                    List.of()));
        }
    }

    /** Returns the extents named by the session's unfolded log ops, reporting gaps and unreadable rows. */
    private List<Extent> logExtents(ReadTx tx, Session s, String root) {
        long first = s.head().rootWal() + 1;
        long last = s.head().walSeq();
        List<Extent> out = new ArrayList<>();
        if (last < first) {
            return out;
        }
        long[] next = {first};
        scan(tx, tenant, StoredLayout.log(s.id(), first, last), kv -> {
            long seq;
            try {
                seq = Long.parseUnsignedLong(kv.key().substring(kv.key().lastIndexOf('/') + 1), 16);
            } catch (NumberFormatException e) {
                return; // not a log row key; the range cannot hold one, but never trust a store
            }
            if (seq < next[0] || seq > last) {
                return;
            }
            missing(s, next[0], seq - 1, root);
            next[0] = seq + 1;
            try {
                switch (Json.read(kv.value(), TreeOp.class)) {
                    case TreeOp.PutFile p -> add(out, p.content());
                    case TreeOp.SetContent c -> add(out, c.content());
                    case TreeOp.SetAttrs a -> add(out, a.content());
                    default -> {}
                }
            } catch (RuntimeException e) {
                problem(Problem.Kind.LOG_ROW_UNREADABLE, kv.key(), root, e.getMessage());
            }
        });
        missing(s, next[0], last, root);
        return out;
    }

    private void missing(Session s, long from, long to, String root) {
        if (from > to) {
            return;
        }
        String detail = from == to
                ? "log row " + from + " of " + s.head().walSeq() + " is missing"
                : "log rows " + from + ".." + to + " of " + s.head().walSeq() + " are missing";
        problem(Problem.Kind.LOG_ROW_MISSING, StoredLayout.logRow(s.id(), from), root, detail);
    }

    private static void add(List<Extent> out, Content c) {
        if (c != null) {
            out.addAll(c.extents());
        }
    }

    private void contentRef(KeyValue kv) {
        try {
            Content c = Json.read(kv.value(), Content.class);
            roots.add(new Root(Root.Kind.CONTENT_REF, kv.key(), List.of(), c.extents()));
        } catch (RuntimeException e) {
            problem(Problem.Kind.RECORD_UNREADABLE, kv.key(), kv.key(), "content reference: " + e.getMessage());
        }
    }

    private void checkpoint(KeyValue kv) {
        try {
            Checkpoint c = Json.read(kv.value(), Checkpoint.class);
            if (c.root() != null) {
                roots.add(new Root(
                        Root.Kind.CHECKPOINT,
                        kv.key(),
                        List.of(new TreeWalker.Start(c.root(), TreeWalker.TREE_ROOT)),
                        List.of()));
            }
        } catch (RuntimeException e) {
            problem(Problem.Kind.RECORD_UNREADABLE, kv.key(), kv.key(), "checkpoint record: " + e.getMessage());
        }
    }

    private void commit(KeyValue kv) {
        try {
            Commit c = Json.read(kv.value(), Commit.class);
            List<TreeWalker.Start> nodes = new ArrayList<>();
            if (c.root() != null) {
                nodes.add(new TreeWalker.Start(c.root(), TreeWalker.TREE_ROOT));
            }
            if (c.object() != null) {
                nodes.add(new TreeWalker.Start(c.object(), TreeWalker.COMMIT_OBJECT));
            }
            roots.add(new Root(Root.Kind.COMMIT, kv.key(), nodes, List.of()));
        } catch (RuntimeException e) {
            problem(Problem.Kind.RECORD_UNREADABLE, kv.key(), kv.key(), "commit record: " + e.getMessage());
        }
    }

    private void mergeBase(KeyValue kv) {
        try {
            Hash root = mergeBaseRoot(kv.value());
            roots.add(new Root(
                    Root.Kind.MERGE_BASE,
                    kv.key(),
                    List.of(new TreeWalker.Start(root, TreeWalker.TREE_ROOT)),
                    List.of()));
        } catch (RuntimeException e) {
            problem(Problem.Kind.RECORD_UNREADABLE, kv.key(), kv.key(), "merge base: " + e.getMessage());
        }
    }

    /** A source revision: its JSON record names the tree {@code root}. */
    private void revision(KeyValue kv) {
        try {
            JsonNode root = Json.mapper().readTree(kv.value()).get("root");
            if (root == null || !root.isTextual()) {
                throw new IllegalStateException("JSON without a \"root\" string");
            }
            roots.add(new Root(
                    Root.Kind.REVISION,
                    kv.key(),
                    List.of(new TreeWalker.Start(Hash.parse(root.asText()), TreeWalker.TREE_ROOT)),
                    List.of()));
        } catch (IOException | RuntimeException e) {
            problem(Problem.Kind.RECORD_UNREADABLE, kv.key(), kv.key(), "revision record: " + e.getMessage());
        }
    }

    /** An uploaded archive: its JSON record names the archive's {@code content} extents. */
    private void upload(KeyValue kv) {
        try {
            JsonNode content = Json.mapper().readTree(kv.value()).get("content");
            if (content == null || !content.isObject()) {
                throw new IllegalStateException("JSON without a \"content\" object");
            }
            Content c = Json.mapper().treeToValue(content, Content.class);
            roots.add(new Root(Root.Kind.UPLOAD, kv.key(), List.of(), c.extents()));
        } catch (IOException | RuntimeException e) {
            problem(Problem.Kind.RECORD_UNREADABLE, kv.key(), kv.key(), "upload record: " + e.getMessage());
        }
    }

    /** Returns the tree root a merge-base value names: 32 raw hash bytes, or JSON {@code {"root":"<hex>"}}. */
    static Hash mergeBaseRoot(byte[] value) {
        if (value.length == Hash.BYTES) {
            return Hash.fromBytes(value);
        }
        JsonNode n;
        try {
            n = Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("neither 32 hash bytes nor JSON: " + e.getMessage(), e);
        }
        JsonNode root = n == null ? null : n.get("root");
        if (root == null || !root.isTextual()) {
            throw new IllegalStateException("JSON without a \"root\" string");
        }
        return Hash.parse(root.asText());
    }

    private void problem(Problem.Kind kind, String key, String root, String detail) {
        problems.add(new Problem(kind, tenant, key, root, detail, false));
    }
}
