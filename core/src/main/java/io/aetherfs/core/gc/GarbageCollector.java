package io.aetherfs.core.gc;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.core.engine.Stamped;
import io.aetherfs.core.engine.StoredLayout;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.util.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The garbage collector of content-addressed objects (DESIGN.md "Storage model" item 6): per tenant, a
 * mark phase from every live root, then a sweep of what is unmarked and older than the grace period.
 *
 * <p><b>Mark.</b> The live roots are read from one consistent snapshot ({@link LiveRoots}): every
 * session record {@code s/*} (its {@code head.root}, {@code origin.baseRoot} and every
 * {@code origin.lineage[].root}), the extents named by the session's unfolded log ops
 * {@code w/<id>/<rootWal+1 .. walSeq>} (PutFile, SetContent, SetAttrs content: files not yet in any
 * stored node), checkpoints {@code c/*} ({@code root}), commits {@code m/*} ({@code root} and
 * {@code object}) and merge bases {@code mb/*}. From each root the {@link TreeWalker} marks tree nodes,
 * file extents and the canonical-memo keys of the directories it passes. Sessions, checkpoints and
 * commits also count as references: the report carries, per extent, how many of them reach it
 * (spec §6.1); counting walks each distinct root separately, which can be switched off.
 *
 * <p><b>Sweep</b>, with {@code cutoff = markStart - grace}:
 *
 * <ul>
 *   <li>{@code n/*}: a node that is not marked and whose stamp is before the cutoff. Nodes stamped at
 *       or after the cutoff are kept and also walked as roots, so whatever a just-written tree root
 *       references (for example old chunks shared into a fork made during the mark) survives too.
 *   <li>{@code x/*}: an inline extent that is not marked and stamped before the cutoff.
 *   <li>{@code cv/*}: a canonical-hash memo whose key is not the memo key of a marked directory and that
 *       is stamped before the cutoff. (Memo keys cannot be mapped back to a chunk, but the mark phase
 *       computes the key of every live directory forward.)
 *   <li>blobs: a blob that is not marked and whose {@code lastModified} is before the cutoff, checked
 *       again with {@code stat} right before the delete, since a dedup {@code put} refreshes it.
 *   <li>{@code ik/*}: an idempotency record whose JSON has {@code expiresAt} not after
 *       {@code markStart}, or else {@code createdAt} at least 24 h before it. Records without either
 *       (their format is not fixed yet) are kept and counted as unreadable.
 * </ul>
 *
 * <p>Metadata deletes run in write transactions of at most {@value #SWEEP_BATCH} keys that re-read each
 * key and delete it only if its stamp is still before the cutoff: a writer that stored the same object
 * again refreshed the stamp. If the mark phase meets anything it cannot read (a record, a log row, a
 * node), it cannot know what that would have kept alive, so nothing of the tenant is swept except
 * expired idempotency records; the report lists why (run fsck).
 */
public final class GarbageCollector {
    static final int SWEEP_BATCH = 256;
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    private static final int PAGE = 500;

    private final MetaStore meta;
    private final BlobStore blobs;
    private final Clock clock;
    private final Duration grace;
    private final boolean countReferences;

    /** Returns a collector that also counts references in its mark phase. */
    public GarbageCollector(MetaStore meta, BlobStore blobs, Clock clock, Duration grace) {
        this(meta, blobs, clock, grace, true);
    }

    /**
     * Returns a collector; without {@code countReferences} the mark phase walks every shared subtree once
     * in all, rather than once per root, and the report has no reference counts.
     */
    public GarbageCollector(MetaStore meta, BlobStore blobs, Clock clock, Duration grace, boolean countReferences) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("negative grace period " + grace);
        }
        this.meta = meta;
        this.blobs = blobs;
        this.clock = clock;
        this.grace = grace;
        this.countReferences = countReferences;
    }

    /** Collects garbage of every tenant that has metadata or blobs. */
    public GcReport run() {
        Set<TenantId> tenants = new TreeSet<>(meta.tenants());
        tenants.addAll(blobs.tenants());
        return run(List.copyOf(tenants));
    }

    /** Collects garbage of one tenant. */
    public GcReport run(TenantId tenant) {
        return run(List.of(tenant));
    }

    private GcReport run(List<TenantId> tenants) {
        long start = System.nanoTime();
        GcReport.Builder report = new GcReport.Builder();
        for (TenantId t : tenants) {
            new TenantRun(t, report).run();
        }
        return report.build(Duration.ofNanos(System.nanoTime() - start));
    }

    /** One collection of one tenant. */
    private final class TenantRun {
        private final TenantId tenant;
        private final GcReport.Builder report;
        private final Instant markStart;
        private final long cutoff;
        private final TreeWalker walker;
        private final Set<Hash> marked = new HashSet<>();
        private final Set<Hash> liveExtents = new HashSet<>();
        private final Set<Hash> liveMemos = new HashSet<>();
        private final Map<Hash, Long> refCounts = new HashMap<>();
        private final Map<String, Problem> problems = new LinkedHashMap<>();

        TenantRun(TenantId tenant, GcReport.Builder report) {
            this.tenant = tenant;
            this.report = report;
            this.markStart = clock.instant();
            this.cutoff = markStart.minus(grace).toEpochMilli();
            this.walker = new TreeWalker(meta, tenant, countReferences);
        }

        void run() {
            LiveRoots.Scan scan = LiveRoots.read(meta, tenant);
            scan.problems().forEach(this::problem);
            mark(scan.roots());
            report.tenants++;
            report.liveRoots += scan.roots().size();
            if (problems.isEmpty()) {
                sweepNodes();
            }
            if (problems.isEmpty()) {
                sweepStamped(StoredLayout.inlineExtents(), liveExtents, true);
                sweepStamped(StoredLayout.canonicalMemos(), liveMemos, false);
                sweepBlobs();
            }
            sweepIdempotency();
            report.markedNodes += marked.size();
            report.problems.addAll(problems.values());
            if (countReferences) {
                report.refCounts.put(tenant, Map.copyOf(refCounts));
            }
        }

        private void mark(List<Root> roots) {
            List<Root> shared = new ArrayList<>();
            Map<Root.Reach, Long> counted = new LinkedHashMap<>();
            Map<Root.Reach, String> names = new HashMap<>();
            for (Root r : roots) {
                if (countReferences && r.kind().counted()) {
                    counted.merge(r.reach(), 1L, Long::sum);
                    names.putIfAbsent(r.reach(), r.name());
                } else {
                    shared.add(r);
                }
            }
            // Each distinct counted root is walked on its own so every extent it reaches is counted once.
            counted.forEach((reach, times) -> {
                Set<Hash> nodes = new HashSet<>();
                Map<Hash, Extent> extents = new HashMap<>();
                TreeWalker.Visitor v = visitor(names.get(reach), e -> extents.putIfAbsent(e.hash(), e));
                walker.walk(reach.nodes(), nodes, v);
                reach.extents().forEach(v::extent);
                for (Extent e : extents.values()) {
                    refCounts.merge(e.hash(), times, Long::sum);
                    live(e);
                }
                marked.addAll(nodes);
            });
            for (Root r : shared) {
                TreeWalker.Visitor v = visitor(r.name(), this::live);
                walker.walk(r.nodes(), marked, v);
                r.extents().forEach(v::extent);
            }
        }

        private TreeWalker.Visitor visitor(String root, Consumer<Extent> extents) {
            return new TreeWalker.Visitor() {
                @Override
                public void extent(Extent e) {
                    extents.accept(e);
                }

                @Override
                public void directory(Hash memoKey) {
                    liveMemos.add(memoKey);
                }

                @Override
                public void problem(Problem.Kind kind, String key, String detail) {
                    TenantRun.this.problem(new Problem(kind, tenant, key, root, detail, false));
                }
            };
        }

        private void live(Extent e) {
            if (liveExtents.add(e.hash())) {
                if (e.inline()) {
                    report.markedInlineExtents++;
                } else {
                    report.markedBlobs++;
                }
            }
        }

        private void problem(Problem p) {
            problems.putIfAbsent(p.kind() + " " + p.key(), p);
        }

        /** Sweeps unmarked old nodes after walking the young ones as roots too. */
        private void sweepNodes() {
            List<TreeWalker.Start> young = new ArrayList<>();
            List<Hash> old = new ArrayList<>();
            forEach(StoredLayout.nodes(), (key, value) -> {
                Hash h = hashOf(key);
                if (h == null || marked.contains(h) || value.length < 8) {
                    return;
                }
                if (Stamped.millis(value) >= cutoff) {
                    young.add(new TreeWalker.Start(h, TreeWalker.ANY));
                } else {
                    old.add(h);
                }
            });
            walker.walk(young, marked, visitor("a node written within the grace period", this::live));
            if (!problems.isEmpty()) {
                return;
            }
            List<String> garbage = new ArrayList<>();
            for (Hash h : old) {
                if (!marked.contains(h)) {
                    garbage.add(StoredLayout.node(h));
                }
            }
            long[] swept = deleteOld(garbage);
            report.sweptNodes += swept[0];
            report.sweptBytes += swept[1];
        }

        /** Sweeps the keys of {@code range} that are named by no live hash and stamped before the cutoff. */
        private void sweepStamped(KeyRange range, Set<Hash> live, boolean extents) {
            List<String> garbage = new ArrayList<>();
            forEach(range, (key, value) -> {
                Hash h = hashOf(key);
                if (h != null && !live.contains(h) && old(value)) {
                    garbage.add(key);
                }
            });
            long[] swept = deleteOld(garbage);
            if (extents) {
                report.sweptInlineExtents += swept[0];
            } else {
                report.sweptMemos += swept[0];
            }
            report.sweptBytes += swept[1];
        }

        private void sweepBlobs() {
            Hash after = null;
            while (true) {
                List<BlobInfo> page = blobs.list(tenant, after, PAGE);
                for (BlobInfo b : page) {
                    if (liveExtents.contains(b.hash()) || !before(b.lastModified())) {
                        continue;
                    }
                    // A dedup put since the listing refreshed lastModified: look again right before deleting.
                    Optional<BlobInfo> now = blobs.stat(tenant, b.hash());
                    if (now.isPresent() && before(now.get().lastModified()) && blobs.delete(tenant, b.hash())) {
                        report.sweptBlobs++;
                        report.sweptBytes += now.get().size();
                    }
                }
                if (page.size() < PAGE) {
                    return;
                }
                after = page.getLast().hash();
            }
        }

        private void sweepIdempotency() {
            List<KeyValue> expired = new ArrayList<>();
            forEach(StoredLayout.idempotencyRecords(), (key, value) -> {
                Optional<Instant> expiry = idempotencyExpiry(value);
                if (expiry.isEmpty()) {
                    report.unreadableIdempotencyRecords++;
                } else if (!expiry.get().isAfter(markStart)) {
                    expired.add(new KeyValue(key, value));
                }
            });
            for (int i = 0; i < expired.size(); i += SWEEP_BATCH) {
                List<KeyValue> batch = expired.subList(i, Math.min(expired.size(), i + SWEEP_BATCH));
                report.sweptIdempotencyRecords += meta.write(tx -> {
                    long n = 0;
                    for (KeyValue kv : batch) {
                        Optional<byte[]> v = tx.get(tenant, kv.key());
                        if (v.isPresent() && Arrays.equals(v.get(), kv.value())) {
                            tx.delete(tenant, kv.key());
                            n++;
                        }
                    }
                    return n;
                });
            }
        }

        /** Deletes each key whose value is still stamped before the cutoff; returns {count, bytes}. */
        private long[] deleteOld(List<String> keys) {
            long[] total = new long[2];
            for (int i = 0; i < keys.size(); i += SWEEP_BATCH) {
                List<String> batch = keys.subList(i, Math.min(keys.size(), i + SWEEP_BATCH));
                long[] done = meta.write(tx -> {
                    long[] d = new long[2];
                    for (String key : batch) {
                        Optional<byte[]> v = tx.get(tenant, key);
                        if (v.isPresent() && old(v.get())) {
                            tx.delete(tenant, key);
                            d[0]++;
                            d[1] += v.get().length;
                        }
                    }
                    return d;
                });
                total[0] += done[0];
                total[1] += done[1];
            }
            return total;
        }

        private boolean old(byte[] stamped) {
            return stamped.length >= 8 && Stamped.millis(stamped) < cutoff;
        }

        private boolean before(Instant t) {
            return t.toEpochMilli() < cutoff;
        }

        /** Calls {@code each} for every entry of {@code range}, one read transaction per page. */
        private void forEach(KeyRange range, BiConsumer<String, byte[]> each) {
            KeyRange rest = range;
            while (true) {
                KeyRange r = rest;
                List<KeyValue> page = meta.read(tx -> tx.scan(tenant, r, PAGE));
                page.forEach(kv -> each.accept(kv.key(), kv.value()));
                if (page.size() < PAGE) {
                    return;
                }
                rest = rest.after(page.getLast().key());
            }
        }
    }

    /** Returns the hash a node, extent or memo key ends with, or null for a malformed key (never swept). */
    private static Hash hashOf(String key) {
        int slash = key.indexOf('/');
        String hex = key.substring(slash + 1);
        return Hash.isHex(hex) ? Hash.parse(hex) : null;
    }

    /**
     * Returns when an idempotency record expires: its JSON {@code expiresAt}, else {@code createdAt} plus
     * 24 h; empty when the value carries neither.
     */
    static Optional<Instant> idempotencyExpiry(byte[] value) {
        try {
            JsonNode n = Json.mapper().readTree(value);
            if (n == null || !n.isObject()) {
                return Optional.empty();
            }
            JsonNode expires = n.get("expiresAt");
            if (expires != null && expires.isTextual()) {
                return Optional.of(Instant.parse(expires.asText()));
            }
            JsonNode created = n.get("createdAt");
            if (created != null && created.isTextual()) {
                return Optional.of(Instant.parse(created.asText()).plus(IDEMPOTENCY_TTL));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
