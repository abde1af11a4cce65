package io.aetherfs.service.cas;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.gc.CasCensus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CAS metrics and reference counts (spec §6.13, §8.14) from a {@link CasCensus} of each tenant, kept
 * for {@link #TTL} so repeated calls (and the metrics scrape) do not walk every tree again: a census
 * reads every node reachable from the tenant's sessions, checkpoints and commits, so figures may be up
 * to a minute old ({@code computedAt} says when). Definitions: {@code blobCount} and
 * {@code physicalBytes} count every stored content extent (inline ones included), {@code logicalBytes}
 * is the sum over live extents of size times reference count, {@code dedupeRatio} is logical bytes
 * over the physical bytes of live extents (0 when none is stored), {@code pendingGc*} are stored
 * extents no live root reaches. Both calls need {@code tenant.usage.read}; {@code allTenants} also
 * {@code cluster.admin}.
 */
public final class CasStats {
    /** How long a tenant's census is reused. */
    public static final Duration TTL = Duration.ofSeconds(60);

    private final CasCensus census;
    private final PageTokens tokens;
    private final Cache<TenantId, CasCensus.Report> reports =
            Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(256).build();

    public CasStats(Engine engine, Limits limits) {
        this.census = new CasCensus(engine.meta(), engine.blobs(), engine.clock());
        this.tokens = new PageTokens(limits);
    }

    /** Returns the metrics of the caller's tenant, or of every tenant. */
    public CasMetrics metrics(Caller caller, boolean allTenants) {
        List<CasCensus.Report> rs = new ArrayList<>();
        for (TenantId t : tenants(caller, allTenants)) {
            rs.add(report(t));
        }
        long count = 0, physical = 0, logical = 0, pendingCount = 0, pendingBytes = 0;
        Instant oldest = null;
        for (CasCensus.Report r : rs) {
            count += r.blobCount();
            physical += r.physicalBytes();
            logical += r.logicalBytes();
            pendingCount += r.pendingGcBlobs();
            pendingBytes += r.pendingGcBytes();
            oldest = oldest == null || r.computedAt().isBefore(oldest) ? r.computedAt() : oldest;
        }
        long live = physical - pendingBytes;
        return new CasMetrics(
                count,
                physical,
                logical,
                live > 0 ? (double) logical / live : 0,
                Extent.BLOCK_BYTES,
                pendingCount,
                pendingBytes,
                oldest != null ? oldest : Instant.now());
    }

    /** Lists live extents with at least {@code minRefCount} references, by tenant and hash. */
    public Page<TenantRefcount> refcounts(Caller caller, long minRefCount, boolean allTenants, PageRequest page) {
        if (minRefCount < 0) {
            throw AfsException.invalid("minRefCount must not be negative");
        }
        Set<TenantId> tenants = tenants(caller, allTenants);
        int size = tokens.size(page);
        String filter = minRefCount + "|" + allTenants;
        String after = tokens.decode(page, "ListCasRefcounts:" + caller.tenant(), filter);
        List<TenantRefcount> out = new ArrayList<>();
        String last = null;
        for (TenantId t : tenants) {
            for (CasCensus.Refcount r : report(t).refcounts()) {
                String pos = t.value() + "/" + r.hash().hex();
                if ((after != null && pos.compareTo(after) <= 0) || r.refCount() < minRefCount) {
                    continue;
                }
                if (out.size() == size) {
                    return new Page<>(out, tokens.encode("ListCasRefcounts:" + caller.tenant(), filter, last));
                }
                out.add(new TenantRefcount(t, r));
                last = pos;
            }
        }
        return new Page<>(out, "");
    }

    /** Returns a tenant's census, counted at most {@link #TTL} ago (callers have checked scopes). */
    public CasCensus.Report report(TenantId tenant) {
        return reports.get(tenant, census::run);
    }

    /** Returns every tenant's census, for the node's metrics. */
    public List<CasCensus.Report> everyTenant() {
        return census.tenants().stream().map(this::report).toList();
    }

    private Set<TenantId> tenants(Caller caller, boolean allTenants) {
        caller.require(Scope.USAGE_READ);
        if (!allTenants) {
            return Set.of(caller.tenant());
        }
        if (!caller.has(Scope.CLUSTER_ADMIN)) {
            throw new AfsException(ErrorCode.PERMISSION_DENIED, "allTenants=true needs the scope cluster.admin");
        }
        return census.tenants();
    }
}
