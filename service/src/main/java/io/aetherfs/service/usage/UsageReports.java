package io.aetherfs.service.usage;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.gc.CasCensus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.cas.CasStats;
import io.aetherfs.service.page.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tenant usage over a window (spec §6.13, §8.14; default: the last 30 days):
 *
 * <ul>
 *   <li>{@code sessionHours}: hours sessions <em>existed</em> within the window, whatever their status
 *       (an archived session keeps its storage); deleted sessions count until their deletion.
 *   <li>{@code sessionsCreated}: sessions (forks included) created in the window, deleted ones too.
 *   <li>{@code peakActiveSessions}: the most sessions that existed at one instant of the window.
 *   <li>{@code logicalStorageBytes}, {@code physicalStorageBytes}: the tenant's CAS census now (not over
 *       the window; at most a minute old, see {@link CasStats}): referenced bytes and stored bytes after
 *       deduplication.
 *   <li>{@code ingressBytes}, {@code egressBytes}, {@code apiRequests}: request and response body bytes
 *       and authenticated requests over both transports, by hour ({@link UsageMeter}): an hour counts
 *       whole when it overlaps the window. This node's unflushed counts are included; other nodes'
 *       arrive within their flush interval.
 * </ul>
 *
 * Cost: one read of every session record of the tenant and of the sessions deleted since the window
 * began, the window's hourly records, and a CAS census when the cached one is older than a minute.
 */
public final class UsageReports {
    /** The window when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private static final int PAGE = 1000;

    private final Engine engine;
    private final SessionCensus sessions;
    private final CasStats cas;
    private final UsageMeter meter;

    public UsageReports(Engine engine, CasStats cas, UsageMeter meter) {
        this.engine = engine;
        this.sessions = new SessionCensus(engine);
        this.cas = cas;
        this.meter = meter;
    }

    /** Returns the caller tenant's usage over [{@code start}, {@code end}); null bounds: the last 30 days. */
    public UsageReport get(Caller caller, Instant start, Instant end) {
        caller.require(Scope.USAGE_READ);
        Windows.check("startTime", start);
        Windows.check("endTime", end);
        Instant now = engine.clock().instant();
        Instant to = end != null ? end : now;
        Instant from = start != null ? start : to.minus(DEFAULT_WINDOW);
        if (!from.isBefore(to)) {
            throw AfsException.invalid("startTime must be before endTime");
        }
        TenantId tenant = caller.tenant();
        List<long[]> lives = new ArrayList<>(); // [created, ended] in epoch millis
        sessions.forEach(
                tenant, s -> lives.add(new long[] {s.origin().createdAt().toEpochMilli(), Long.MAX_VALUE}));
        Records<String, EndedSession> ended = engine.records(tenant).of(UsageRecords.ENDED, null);
        String after = RecordType.ordered(from.toEpochMilli());
        while (true) {
            RecordPage<EndedSession> page =
                    ended.list(RecordQuery.<String>first(PAGE).after(after));
            page.items()
                    .forEach(e -> lives.add(new long[] {
                        e.createdAt().toEpochMilli(), e.endedAt().toEpochMilli()
                    }));
            if (!page.more() || page.items().isEmpty()) {
                break;
            }
            after = UsageRecords.key(page.items().getLast());
        }
        Lifetimes l = Lifetimes.of(lives, from.toEpochMilli(), to.toEpochMilli());
        HourUsage traffic = traffic(tenant, from, to);
        CasCensus.Report storage = cas.report(tenant);
        return new UsageReport(
                tenant,
                from,
                to,
                l.hours(),
                l.created(),
                l.peak(),
                storage.logicalBytes(),
                storage.physicalBytes(),
                traffic.ingressBytes(),
                traffic.egressBytes(),
                traffic.apiRequests());
    }

    /** Returns the traffic of the hours that overlap [from, to), stored and not yet flushed by this node. */
    private HourUsage traffic(TenantId tenant, Instant from, Instant to) {
        long first = UsageMeter.hour(from.toEpochMilli());
        long last = UsageMeter.hour(to.toEpochMilli() - 1);
        HourUsage sum = HourUsage.zero(first);
        Records<Long, HourUsage> hours = engine.records(tenant).of(UsageRecords.HOURS, null);
        Long after = first - 1;
        while (true) {
            RecordPage<HourUsage> page =
                    hours.list(RecordQuery.<Long>first(PAGE).after(after).until(last + 1));
            for (HourUsage u : page.items()) {
                sum = sum.plus(u);
            }
            if (!page.more() || page.items().isEmpty()) {
                break;
            }
            after = page.items().getLast().hour();
        }
        for (var e : meter.unflushed(tenant).entrySet()) {
            if (e.getKey() >= first && e.getKey() <= last) {
                sum = sum.plus(e.getValue());
            }
        }
        return sum;
    }
}
