package io.aetherfs.service.usage;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's count of API traffic per tenant and hour (spec §6.13 ingressBytes, egressBytes,
 * apiRequests), fed by both transports for every authenticated request. Requests only touch memory;
 * every {@link #FLUSH_INTERVAL} and at shutdown the counts are added to the tenant's hourly records
 * ({@code t/usage/{hour}}) in one store transaction per tenant, which nodes sharing the store add to
 * alike (a serializable read-add-write). The loss window: a node that dies without shutting down loses
 * what it counted since its last flush (at most a minute); a flush the store refuses keeps its counts
 * for the next one.
 */
public final class UsageMeter implements AutoCloseable {
    /** How often counts go to the store. */
    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);
    private static final long HOUR_MILLIS = 3_600_000L;

    private record Key(TenantId tenant, long hour) {}

    private static final class Counts {
        final LongAdder ingress = new LongAdder();
        final LongAdder egress = new LongAdder();
        final LongAdder requests = new LongAdder();

        HourUsage take(long hour) {
            return new HourUsage(hour, ingress.sumThenReset(), egress.sumThenReset(), requests.sumThenReset());
        }

        HourUsage peek(long hour) {
            return new HourUsage(hour, ingress.sum(), egress.sum(), requests.sum());
        }
    }

    private final Engine engine;
    private final Clock clock;
    private final Map<Key, Counts> counts = new ConcurrentHashMap<>();
    private final Thread flusher;

    public UsageMeter(Engine engine) {
        this.engine = engine;
        this.clock = engine.clock();
        this.flusher = Thread.ofVirtual().name("afs-usage-flush").start(this::loop);
    }

    /** Counts one request of {@code tenant} with its request and response body bytes. */
    public void record(TenantId tenant, long ingressBytes, long egressBytes) {
        Counts c = counts.computeIfAbsent(new Key(tenant, hour(clock.millis())), k -> new Counts());
        c.ingress.add(Math.max(0, ingressBytes));
        c.egress.add(Math.max(0, egressBytes));
        c.requests.increment();
    }

    /** Returns what this node counted for {@code tenant} and has not flushed yet, by epoch hour. */
    Map<Long, HourUsage> unflushed(TenantId tenant) {
        Map<Long, HourUsage> out = new HashMap<>();
        counts.forEach((k, c) -> {
            if (k.tenant().equals(tenant)) {
                out.merge(k.hour(), c.peek(k.hour()), HourUsage::plus);
            }
        });
        return out;
    }

    /** Adds every count to the store now; counts the store refuses stay for the next flush. */
    public void flush() {
        Map<TenantId, Map<Long, HourUsage>> byTenant = new HashMap<>();
        long current = hour(clock.millis());
        for (Map.Entry<Key, Counts> e : counts.entrySet()) {
            HourUsage u = e.getValue().take(e.getKey().hour());
            if (e.getKey().hour() < current) {
                counts.remove(
                        e.getKey(), e.getValue()); // a past hour gets no more requests (but a late one re-creates it)
            }
            if (!u.nothing()) {
                byTenant.computeIfAbsent(e.getKey().tenant(), t -> new HashMap<>())
                        .merge(e.getKey().hour(), u, HourUsage::plus);
            }
        }
        byTenant.forEach(this::store);
    }

    private void store(TenantId tenant, Map<Long, HourUsage> hours) {
        try {
            engine.records(tenant).write(tx -> {
                Records<Long, HourUsage> r = tx.records(UsageRecords.HOURS, null);
                hours.forEach((h, u) -> r.put(r.get(h).orElse(HourUsage.zero(h)).plus(u)));
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("usage counts of tenant {} not stored, kept for the next flush: {}", tenant, e.getMessage());
            hours.forEach((h, u) -> {
                Counts c = counts.computeIfAbsent(new Key(tenant, h), k -> new Counts());
                c.ingress.add(u.ingressBytes());
                c.egress.add(u.egressBytes());
                c.requests.add(u.apiRequests());
            });
        }
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(FLUSH_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    /** Returns the epoch hour of a time in milliseconds. */
    static long hour(long millis) {
        return Math.floorDiv(millis, HOUR_MILLIS);
    }

    /** Stops the periodic flush and flushes what is left (at shutdown, before the engine closes). */
    @Override
    public void close() {
        flusher.interrupt();
        try {
            flusher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
