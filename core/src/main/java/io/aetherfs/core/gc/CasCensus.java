package io.aetherfs.core.gc;

import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.tree.Extent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts one tenant's content-addressed storage (spec §6.13 CasMetrics, CasRefcount) the way garbage
 * collection sees it, without deleting anything: the mark phase of {@link GarbageCollector} (every live
 * root from one snapshot, {@link LiveRoots}; each distinct session, checkpoint and commit root walked on
 * its own so an extent's reference count is the number of them that reach it), then a listing of the
 * stored extents, inline ({@code x/}) and in the blob store. Stored extents no live root reaches are
 * what the next collection removes once they are older than its grace period ("pending GC").
 *
 * <p>Cost: a read of every node reachable from every counted root (shared subtrees are decoded once
 * and revisited from a 64 MiB cache, as in a counting collection), plus one scan of the inline extents
 * and one listing of the tenant's blobs; memory proportional to the tenant's distinct extents.
 */
public final class CasCensus {
    private static final int PAGE = 500;

    private final MetaStore meta;
    private final BlobStore blobs;
    private final Clock clock;

    public CasCensus(MetaStore meta, BlobStore blobs, Clock clock) {
        this.meta = meta;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** One live extent: its size and how many sessions, checkpoints and commits reach it (0: only kept by others). */
    public record Refcount(Hash hash, long size, long refCount) {}

    /**
     * The census of a tenant: every stored extent ({@code blobCount}, {@code physicalBytes}), the bytes
     * the counted roots reference ({@code logicalBytes}: each live extent's size times its reference
     * count), what no live root reaches ({@code pendingGc*}), and the live extents in hash order.
     */
    public record Report(
            TenantId tenant,
            long blobCount,
            long physicalBytes,
            long logicalBytes,
            long pendingGcBlobs,
            long pendingGcBytes,
            List<Refcount> refcounts,
            Instant computedAt) {
        public Report {
            refcounts = List.copyOf(refcounts);
        }
    }

    /** Returns every tenant that has metadata or blobs. */
    public Set<TenantId> tenants() {
        Set<TenantId> out = new java.util.TreeSet<>(meta.tenants());
        out.addAll(blobs.tenants());
        return out;
    }

    /** Counts one tenant. */
    public Report run(TenantId tenant) {
        Instant at = clock.instant();
        Map<Hash, Long> counts = new HashMap<>();
        Map<Hash, Integer> sizes = new HashMap<>();
        mark(tenant, counts, sizes);
        long[] stored = {0, 0, 0, 0}; // count, bytes, pending count, pending bytes
        forEachInline(tenant, (h, size) -> tally(stored, sizes.containsKey(h), size));
        Hash after = null;
        while (true) {
            List<BlobInfo> page = blobs.list(tenant, after, PAGE);
            page.forEach(b -> tally(stored, sizes.containsKey(b.hash()), b.size()));
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast().hash();
        }
        List<Refcount> rows = new ArrayList<>(sizes.size());
        long logical = 0;
        for (Map.Entry<Hash, Integer> e : sizes.entrySet()) {
            long refs = counts.getOrDefault(e.getKey(), 0L);
            rows.add(new Refcount(e.getKey(), e.getValue(), refs));
            logical += refs * e.getValue();
        }
        rows.sort(Comparator.comparing(r -> r.hash().hex()));
        return new Report(tenant, stored[0], stored[1], logical, stored[2], stored[3], rows, at);
    }

    private static void tally(long[] stored, boolean live, long size) {
        stored[0]++;
        stored[1] += size;
        if (!live) {
            stored[2]++;
            stored[3] += size;
        }
    }

    /** Walks every live root, counting per extent the counted roots that reach it and noting every live extent. */
    private void mark(TenantId tenant, Map<Hash, Long> counts, Map<Hash, Integer> sizes) {
        TreeWalker walker = new TreeWalker(meta, tenant, true);
        Map<Root.Reach, Long> counted = new LinkedHashMap<>();
        List<Root> others = new ArrayList<>();
        for (Root r : LiveRoots.read(meta, tenant).roots()) {
            if (r.kind().counted()) {
                counted.merge(r.reach(), 1L, Long::sum);
            } else {
                others.add(r);
            }
        }
        counted.forEach((reach, times) -> {
            Set<Hash> seen = new HashSet<>();
            TreeWalker.Visitor v = visitor(e -> {
                sizes.putIfAbsent(e.hash(), e.length());
                if (seen.add(e.hash())) {
                    counts.merge(e.hash(), times, Long::sum);
                }
            });
            walker.walk(reach.nodes(), new HashSet<>(), v);
            reach.extents().forEach(v::extent);
        });
        Set<Hash> visited = new HashSet<>();
        TreeWalker.Visitor live = visitor(e -> sizes.putIfAbsent(e.hash(), e.length()));
        for (Root r : others) {
            walker.walk(r.nodes(), visited, live);
            r.extents().forEach(live::extent);
        }
    }

    private static TreeWalker.Visitor visitor(java.util.function.Consumer<Extent> each) {
        return new TreeWalker.Visitor() {
            @Override
            public void extent(Extent e) {
                each.accept(e);
            }

            @Override
            public void problem(Problem.Kind kind, String key, String detail) {
                // a census counts what it can read; fsck reports the rest
            }
        };
    }

    private void forEachInline(TenantId tenant, java.util.function.ObjLongConsumer<Hash> each) {
        KeyRange rest = StoredLayout.inlineExtents();
        while (true) {
            KeyRange r = rest;
            List<KeyValue> page = meta.read(tx -> tx.scan(tenant, r, PAGE));
            for (KeyValue kv : page) {
                String hex = kv.key().substring(kv.key().indexOf('/') + 1);
                if (Hash.isHex(hex) && kv.value().length >= 8) {
                    each.accept(Hash.parse(hex), kv.value().length - 8);
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            rest = rest.after(page.getLast().key());
        }
    }
}
