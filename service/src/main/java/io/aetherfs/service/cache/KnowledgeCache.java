package io.aetherfs.service.cache;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.SessionAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge cache of a session (spec §6.9, §8.10, KnowledgeCacheService): versioned byte values
 * under UTF-8 keys with compare-and-set, TTLs, batches, prefix listing and deletion, and statistics.
 * Entries are records of the engine, so they live and die with their session and compare-and-set holds
 * across nodes. Reads need tenant.session.read and work in every status; writes ({@link CacheWrites})
 * need tenant.session.write and a status that allows metadata writes. Writes record no events (§7).
 */
public final class KnowledgeCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KnowledgeCache.class);

    private final Engine engine;
    private final Limits limits;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final CacheWrites writes;
    private final CacheCounters counters;
    private final CacheSweeper sweeper;
    /** Expired entries a purge is already under way for, so a hot expired key starts one purge, not many. */
    private final Set<String> purging = ConcurrentHashMap.newKeySet();

    /** The cache over {@code engine}; the node flushes its hit counts every {@code flushInterval}. */
    public KnowledgeCache(Engine engine, Limits limits, Duration flushInterval) {
        this.engine = engine;
        this.limits = limits;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
        this.writes = new CacheWrites(engine, limits);
        this.counters = new CacheCounters(engine);
        this.sweeper = new CacheSweeper(engine, counters, flushInterval);
    }

    /** Returns an entry with its value; NOT_FOUND when it is absent or expired. Counts a hit or a miss. */
    public CacheEntry get(Caller caller, SessionId id, String rawKey) {
        CacheKey key = readable(caller, id, rawKey);
        Optional<CacheEntry> e = read(caller.tenant(), id, List.of(key)).getFirst();
        counters.count(caller.tenant(), id, e.isPresent() ? 1 : 0, e.isPresent() ? 0 : 1);
        return e.orElseThrow(() -> notFound(id, key));
    }

    /** Returns an entry's metadata; NOT_FOUND when it is absent or expired. */
    public CacheMetadata metadata(Caller caller, SessionId id, String rawKey) {
        CacheKey key = readable(caller, id, rawKey);
        return liveMetadata(caller.tenant(), id, key).orElseThrow(() -> notFound(id, key));
    }

    /** Returns whether a live entry exists under the key. */
    public boolean exists(Caller caller, SessionId id, String rawKey) {
        CacheKey key = readable(caller, id, rawKey);
        return liveMetadata(caller.tenant(), id, key).isPresent();
    }

    /** Returns the live entries of up to 1000 keys (in the order asked) and the keys that have none. */
    public BatchGetResult batchGet(Caller caller, SessionId id, List<String> rawKeys) {
        caller.require(Scope.SESSION_READ);
        if (rawKeys.isEmpty() || rawKeys.size() > limits.maxBatchOperations()) {
            throw AfsException.invalid(
                    "keys must hold 1 to " + limits.maxBatchOperations() + " keys; it has " + rawKeys.size());
        }
        List<CacheKey> keys = rawKeys.stream()
                .map(k -> CacheKey.parse(k, limits.maxCacheKeyBytes()))
                .toList();
        access.load(caller, id);
        List<Optional<CacheEntry>> found = read(caller.tenant(), id, keys);
        List<CacheEntry> entries = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String raw = keys.get(i).value();
            found.get(i).ifPresentOrElse(entries::add, () -> missing.add(raw));
        }
        counters.count(caller.tenant(), id, entries.size(), missing.size());
        return new BatchGetResult(entries, missing);
    }

    /** Lists live entries whose key starts with {@code prefix} (empty: all), in byte order of the keys. */
    public Page<CacheMetadata> list(Caller caller, SessionId id, String prefix, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        String p = prefix == null ? "" : prefix;
        int size = tokens.size(page);
        String route = "ListCacheKeys:" + id;
        String position = tokens.decode(page, route, p);
        access.load(caller, id);
        KeyOrder.Range range = p.isEmpty() ? null : KeyOrder.prefixRange(p.getBytes(StandardCharsets.UTF_8));
        String after = position != null ? position : range == null ? null : range.after();
        var records = engine.records(caller.tenant()).of(CacheRecords.ENTRIES, id);
        List<CacheMetadata> items = new ArrayList<>(size);
        Instant now = engine.clock().instant();
        while (true) {
            RecordQuery<String> q =
                    RecordQuery.<String>first(size - items.size() + 1).after(after);
            RecordPage<CacheMetadata> rows = records.list(range == null ? q : q.until(range.until()));
            for (CacheMetadata m : rows.items()) {
                after = slot(m);
                if (m.liveAt(now)) {
                    if (items.size() == size) {
                        return new Page<>(items, tokens.encode(route, p, slot(items.getLast())));
                    }
                    items.add(m);
                }
            }
            if (!rows.more()) {
                return new Page<>(items, "");
            }
        }
    }

    /** Returns the session's cache statistics ({@link CacheStats} says how each is kept). */
    public CacheStats stats(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        TenantId t = caller.tenant();
        var totals = engine.records(t).of(CacheRecords.TOTALS, id).get(CacheRecords.ALL);
        var hits = engine.records(t).of(CacheRecords.HITS, id).get(CacheRecords.ALL);
        long[] local = counters.unflushed(t, id);
        return new CacheStats(
                totals.map(CacheRecords.Totals::entryCount).orElse(0L),
                totals.map(CacheRecords.Totals::totalBytes).orElse(0L),
                limits.maxCacheValueBytes(),
                hits.map(CacheRecords.Hits::hits).orElse(0L) + local[0],
                hits.map(CacheRecords.Hits::misses).orElse(0L) + local[1]);
    }

    public CacheMetadata set(Caller caller, SessionId id, CacheWrite w) {
        return writes.set(caller, id, new CacheWrite(w.key(), w.value(), w.contentType(), w.ttlSeconds(), null));
    }

    /** Writes only if the entry is at {@code expectedVersion} (0: absent); else ABORTED CACHE_VERSION_MISMATCH. */
    public CacheMetadata compareAndSet(Caller caller, SessionId id, CacheWrite w) {
        if (w.expectedVersion() == null) {
            throw AfsException.invalid("expectedVersion is required (0 means: the key must not exist)");
        }
        return writes.set(caller, id, w);
    }

    public boolean delete(Caller caller, SessionId id, String rawKey) {
        return writes.delete(caller, id, rawKey);
    }

    public List<CacheMetadata> batchSet(Caller caller, SessionId id, List<CacheWrite> entries) {
        return writes.batchSet(caller, id, entries);
    }

    public long batchDelete(Caller caller, SessionId id, List<String> rawKeys) {
        return writes.batchDelete(caller, id, rawKeys);
    }

    public long deleteByPrefix(Caller caller, SessionId id, String prefix) {
        return writes.deleteByPrefix(caller, id, prefix);
    }

    /** Adds this node's hit counts to the stored ones now (the sweeper does it every interval). */
    public void flushCounters() {
        counters.flush();
    }

    /** Purges expired entries now (the sweeper does it periodically); returns how many. */
    public int purgeExpired() {
        return sweeper.purge();
    }

    @Override
    public void close() {
        sweeper.close();
        try {
            counters.flush();
        } catch (RuntimeException e) {
            log.debug("last cache counter flush failed: {}", e.getMessage());
        }
    }

    private CacheKey readable(Caller caller, SessionId id, String rawKey) {
        caller.require(Scope.SESSION_READ);
        CacheKey key = CacheKey.parse(rawKey, limits.maxCacheKeyBytes());
        access.load(caller, id);
        return key;
    }

    private Optional<CacheMetadata> liveMetadata(TenantId tenant, SessionId id, CacheKey key) {
        Optional<CacheMetadata> m =
                engine.records(tenant).of(CacheRecords.ENTRIES, id).get(key.slot());
        return live(tenant, id, key.slot(), m);
    }

    /** Reads entries and their values in one snapshot; expired ones are absent (and purged later). */
    private List<Optional<CacheEntry>> read(TenantId tenant, SessionId id, List<CacheKey> keys) {
        return engine.records(tenant).read(tx -> {
            var entries = tx.records(CacheRecords.ENTRIES, id);
            var values = tx.records(CacheRecords.VALUES, id);
            List<Optional<CacheEntry>> out = new ArrayList<>(keys.size());
            for (CacheKey k : keys) {
                out.add(live(tenant, id, k.slot(), entries.get(k.slot()))
                        .map(m -> new CacheEntry(m, values.get(k.slot()).orElse(new byte[0]))));
            }
            return out;
        });
    }

    private Optional<CacheMetadata> live(TenantId tenant, SessionId id, String slot, Optional<CacheMetadata> m) {
        if (m.isPresent() && !m.get().liveAt(engine.clock().instant())) {
            purgeLater(tenant, id, slot);
            return Optional.empty();
        }
        return m;
    }

    /** Purges an expired entry a read found, in a change of its own, without holding up the read. */
    private void purgeLater(TenantId tenant, SessionId id, String slot) {
        String pending = tenant + "/" + id + "/" + slot;
        if (!purging.add(pending)) {
            return;
        }
        Thread.ofVirtual().name("afs-cache-purge").start(() -> {
            try {
                engine.execute(tenant, Actor.system(), ctx -> {
                    if (ctx.findSession(id).isPresent()) {
                        CacheTable table = new CacheTable(ctx, id, Long.MAX_VALUE);
                        table.live(slot);
                        table.finish();
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                log.debug("purging expired cache entry of session {} failed: {}", id, e.getMessage());
            } finally {
                purging.remove(pending);
            }
        });
    }

    private static String slot(CacheMetadata m) {
        return KeyOrder.encode(m.key().getBytes(StandardCharsets.UTF_8));
    }

    private static AfsException notFound(SessionId id, CacheKey key) {
        return AfsException.notFound("cache key \"" + key + "\" not found in session " + id);
    }
}
