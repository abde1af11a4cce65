package io.aetherfs.service.cache;

import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.SessionId;
import java.time.Instant;

/**
 * The stored kinds of the knowledge cache. Entries are keyed by the order-preserving encoding of their
 * key ({@link KeyOrder}), so listings run in byte order of the keys. Cache writes are not events (spec
 * §7), so no kind records one.
 *
 * <ul>
 *   <li>{@code r/{session}/cache/{slot}}: the entry's metadata (JSON {@link CacheMetadata});
 *   <li>{@code r/{session}/cache-value/{slot}}: its value, raw bytes (apart, so listings and stats
 *       never read values);
 *   <li>{@code r/{session}/cache-totals/all}: entry count and bytes, written with every write (quota);
 *   <li>{@code r/{session}/cache-hits/all}: hits and misses flushed from the nodes' counters;
 *   <li>{@code t/cache-ttl/{expiresAt:013d}/{session}/{slot}}: entries due to expire, for the purge.
 * </ul>
 */
final class CacheRecords {
    /** The id of a session's one totals record and one hits record. */
    static final String ALL = "all";

    private CacheRecords() {}

    /** The entry count and bytes of a session's cache. */
    record Totals(long entryCount, long totalBytes) {
        static final Totals NONE = new Totals(0, 0);

        Totals plus(long entries, long bytes) {
            return new Totals(entryCount + entries, totalBytes + bytes);
        }
    }

    /** The flushed hit and miss counts of a session's cache. */
    record Hits(long hits, long misses) {}

    /** An entry due to expire at {@code at}; {@code session} and {@code slot} are null in a listing's bound. */
    record Expiry(Instant at, SessionId session, String slot) {}

    static final RecordType<String, CacheMetadata> ENTRIES = RecordType.<String, CacheMetadata>builder(
                    "cache entry", RecordLayout.perSession("cache"))
            .idPart(slot -> slot)
            .json(CacheMetadata.class)
            .events(RecordEvent.Rule.none())
            .build();

    static final RecordType<String, byte[]> VALUES = RecordType.<String, byte[]>builder(
                    "cache value", RecordLayout.perSession("cache-value"))
            .idPart(slot -> slot)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(byte[] value) {
                    return value;
                }

                @Override
                public byte[] decode(SessionId session, String idPart, byte[] value) {
                    return value;
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    static final RecordType<String, Totals> TOTALS = RecordType.<String, Totals>builder(
                    "cache totals", RecordLayout.perSession("cache-totals"))
            .idPart(id -> id)
            .json(Totals.class)
            .events(RecordEvent.Rule.none())
            .build();

    static final RecordType<String, Hits> HITS = RecordType.<String, Hits>builder(
                    "cache hits", RecordLayout.perSession("cache-hits"))
            .idPart(id -> id)
            .json(Hits.class)
            .events(RecordEvent.Rule.none())
            .build();

    static final RecordType<Expiry, Expiry> EXPIRY = RecordType.<Expiry, Expiry>builder(
                    "cache expiry", RecordLayout.perTenant("cache-ttl"))
            .idPart(e -> {
                String ms = millis(e.at());
                return e.session() == null ? ms : ms + "/" + e.session().value() + "/" + e.slot();
            })
            .idOf(e -> e)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(Expiry e) {
                    return new byte[0];
                }

                @Override
                public Expiry decode(SessionId session, String idPart, byte[] value) {
                    int a = idPart.indexOf('/');
                    int b = idPart.indexOf('/', a + 1);
                    return new Expiry(
                            Instant.ofEpochMilli(Long.parseLong(idPart.substring(0, a))),
                            new SessionId(idPart.substring(a + 1, b)),
                            idPart.substring(b + 1));
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    /** Returns the bound that ends a listing of every entry due at or before {@code now}. */
    static Expiry dueBy(Instant now) {
        return new Expiry(now.plusMillis(1), null, null);
    }

    private static String millis(Instant at) {
        String ms = Long.toString(Math.max(0, at.toEpochMilli()));
        return "0000000000000".substring(Math.min(13, ms.length())) + ms;
    }
}
