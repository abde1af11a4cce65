package io.aetherfs.server.ops;

import io.aetherfs.core.gc.CasCensus;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.service.Services;
import io.aetherfs.service.usage.SessionCensus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator gauges of what the stores hold (spec §13.3): {@code afs_sessions{status}} (session
 * records of every tenant by status, as committed by any node), {@code afs_cas_blobs} and
 * {@code afs_cas_bytes} (stored content extents and their bytes, from the CAS census of every tenant).
 * Counting reads every session record and walks every tenant's trees, so a scrape never waits for it:
 * the first scrape counts, later ones read the last count and, once it is older than {@link #MAX_AGE},
 * start a new one in the background.
 */
public final class StoreGauges {
    /** How old the counts may get before a scrape starts a new count. */
    public static final Duration MAX_AGE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);

    private record Counts(Map<SessionStatus, Long> sessions, long casBlobs, long casBytes, long takenNanos) {}

    private final Services services;
    private final SessionCensus sessions;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile Counts counts;

    private StoreGauges(Services services) {
        this.services = services;
        this.sessions = new SessionCensus(services.engine());
    }

    /** Registers the gauges over {@code services} in {@code registry}. */
    public static StoreGauges register(Services services, MeterRegistry registry) {
        StoreGauges g = new StoreGauges(services);
        for (SessionStatus s : SessionStatus.values()) {
            Gauge.builder("afs.sessions", g, x -> x.current().sessions().getOrDefault(s, 0L))
                    .description("Sessions by status, over every tenant of the store")
                    .tag("status", "SESSION_STATUS_" + s.name())
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder("afs.cas.blobs", g, x -> x.current().casBlobs())
                .description("Stored content extents (blobs and inline extents) of every tenant")
                .strongReference(true)
                .register(registry);
        Gauge.builder("afs.cas.bytes", g, x -> x.current().casBytes())
                .description("Bytes of the stored content extents of every tenant, after deduplication")
                .strongReference(true)
                .register(registry);
        return g;
    }

    private Counts current() {
        Counts c = counts;
        if (c == null) {
            synchronized (this) {
                if (counts == null) {
                    counts = count();
                }
                return counts;
            }
        }
        if (System.nanoTime() - c.takenNanos() > MAX_AGE.toNanos() && counting.compareAndSet(false, true)) {
            Thread.ofVirtual().name("afs-store-gauges").start(() -> {
                try {
                    counts = count();
                } catch (RuntimeException e) {
                    log.warn("store gauges not refreshed: {}", e.getMessage());
                } finally {
                    counting.set(false);
                }
            });
        }
        return c;
    }

    private Counts count() {
        long blobs = 0;
        long bytes = 0;
        for (CasCensus.Report r : services.cas().everyTenant()) {
            blobs += r.blobCount();
            bytes += r.physicalBytes();
        }
        return new Counts(sessions.byStatus(), blobs, bytes, System.nanoTime());
    }
}
