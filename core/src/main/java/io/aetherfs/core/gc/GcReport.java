package io.aetherfs.core.gc;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one garbage collection did: how much the mark phase reached, what the sweep deleted, the
 * problems that kept a tenant from being swept, and per tenant the reference count of every live
 * extent (the number of sessions, checkpoints and commits that reach it; spec §6.1).
 */
public record GcReport(
        int tenants,
        long liveRoots,
        long markedNodes,
        long markedInlineExtents,
        long markedBlobs,
        long sweptNodes,
        long sweptInlineExtents,
        long sweptMemos,
        long sweptBlobs,
        long sweptBytes,
        long sweptIdempotencyRecords,
        long unreadableIdempotencyRecords,
        Duration duration,
        List<Problem> problems,
        Map<TenantId, Map<Hash, Long>> refCounts) {

    public GcReport {
        problems = List.copyOf(problems);
        refCounts = Map.copyOf(refCounts);
    }

    /** Returns the reference count of every live extent of a tenant (empty when not counted). */
    public Map<Hash, Long> refCounts(TenantId tenant) {
        return refCounts.getOrDefault(tenant, Map.of());
    }

    /** Returns whether every tenant was marked completely and therefore swept. */
    public boolean complete() {
        return problems.isEmpty();
    }

    /** Returns the tenants that were not swept because their mark phase met problems. */
    public Set<TenantId> unswept() {
        Set<TenantId> out = new TreeSet<>();
        problems.forEach(p -> out.add(p.tenant()));
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("gc: ")
                .append(tenants)
                .append(tenants == 1 ? " tenant, " : " tenants, ")
                .append(liveRoots)
                .append(" live roots, ")
                .append(duration.toMillis())
                .append(" ms\n");
        b.append("  marked: ")
                .append(markedNodes)
                .append(" nodes, ")
                .append(markedInlineExtents)
                .append(" inline extents, ")
                .append(markedBlobs)
                .append(" blobs\n");
        b.append("  swept:  ")
                .append(sweptNodes)
                .append(" nodes, ")
                .append(sweptInlineExtents)
                .append(" inline extents, ")
                .append(sweptMemos)
                .append(" canonical memos, ")
                .append(sweptBlobs)
                .append(" blobs; ")
                .append(sweptBytes)
                .append(" bytes\n");
        b.append("  idempotency records: ")
                .append(sweptIdempotencyRecords)
                .append(" expired and deleted, ")
                .append(unreadableIdempotencyRecords)
                .append(" without a readable expiry (kept)\n");
        if (!problems.isEmpty()) {
            b.append("  not swept (run fsck): ").append(unswept()).append('\n');
            for (Problem p : problems) {
                b.append("    ").append(p).append('\n');
            }
        }
        return b.toString();
    }

    /** Accumulates the counts of a run, tenant by tenant. */
    static final class Builder {
        int tenants;
        long liveRoots;
        long markedNodes;
        long markedInlineExtents;
        long markedBlobs;
        long sweptNodes;
        long sweptInlineExtents;
        long sweptMemos;
        long sweptBlobs;
        long sweptBytes;
        long sweptIdempotencyRecords;
        long unreadableIdempotencyRecords;
        final List<Problem> problems = new ArrayList<>();
        final Map<TenantId, Map<Hash, Long>> refCounts = new LinkedHashMap<>();

        GcReport build(Duration duration) {
            return new GcReport(
                    tenants,
                    liveRoots,
                    markedNodes,
                    markedInlineExtents,
                    markedBlobs,
                    sweptNodes,
                    sweptInlineExtents,
                    sweptMemos,
                    sweptBlobs,
                    sweptBytes,
                    sweptIdempotencyRecords,
                    unreadableIdempotencyRecords,
                    duration,
                    problems,
                    refCounts);
        }
    }
}
