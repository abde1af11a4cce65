package io.aetherfs.service.cache;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import java.time.Instant;
import java.util.Optional;

/**
 * One session's knowledge cache inside one change: reads that treat expired entries as absent (and
 * purge them on the way), writes that keep versions, the TTL index and the session's totals together.
 * {@link #finish()} stores the totals once at the end of the change.
 */
final class CacheTable {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final SessionId session;
    private final Instant now;
    private final long maxSessionBytes;
    private final Records<String, CacheMetadata> entries;
    private final Records<String, byte[]> values;
    private final Records<String, CacheRecords.Totals> totalsRecords;
    private final Records<CacheRecords.Expiry, CacheRecords.Expiry> expiry;
    private final CacheRecords.Totals before;
    private CacheRecords.Totals totals;

    CacheTable(ChangeContext ctx, SessionId session, long maxSessionBytes) {
        this.session = session;
        this.now = ctx.now();
        this.maxSessionBytes = maxSessionBytes;
        this.entries = ctx.records(CacheRecords.ENTRIES, session);
        this.values = ctx.records(CacheRecords.VALUES, session);
        this.totalsRecords = ctx.records(CacheRecords.TOTALS, session);
        this.expiry = ctx.records(CacheRecords.EXPIRY, null);
        this.before = totalsRecords.get(CacheRecords.ALL).orElse(CacheRecords.Totals.NONE);
        this.totals = before;
    }

    Instant now() {
        return now;
    }

    /** Returns the entries' records in this change (for scans; writes go through this table). */
    Records<String, CacheMetadata> entriesView() {
        return entries;
    }

    /** Returns the entry under {@code slot} if it exists and has not expired; an expired one is purged. */
    Optional<CacheMetadata> live(String slot) {
        Optional<CacheMetadata> m = entries.get(slot);
        if (m.isPresent() && !m.get().liveAt(now)) {
            remove(slot, m.get());
            return Optional.empty();
        }
        return m;
    }

    /**
     * Writes an entry: version 1 on its first write (or after it expired), else one more; checks the
     * expected version and the session's byte quota first. Returns the new metadata.
     */
    CacheMetadata put(CacheKey key, CacheWrite w, String principal) {
        Optional<CacheMetadata> current = live(key.slot());
        long version = current.map(CacheMetadata::version).orElse(0L);
        if (w.expectedVersion() != null && w.expectedVersion() != version) {
            throw AfsException.of(
                    Reason.CACHE_VERSION_MISMATCH,
                    "cache key \"" + key + "\" is at version " + version + " (0: absent), not the expected "
                            + w.expectedVersion() + "; read it again and retry",
                    "key",
                    key.value(),
                    "currentVersion",
                    Long.toString(version));
        }
        long oldSize = current.map(CacheMetadata::size).orElse(0L);
        long size = w.value().length;
        if (size > oldSize && totals.totalBytes() - oldSize + size > maxSessionBytes) {
            throw AfsException.of(
                    Reason.QUOTA_EXCEEDED,
                    "session " + session + " would hold " + (totals.totalBytes() - oldSize + size)
                            + " bytes of cache values; the limit is " + maxSessionBytes
                            + " (delete entries or let them expire)",
                    "limit",
                    Long.toString(maxSessionBytes));
        }
        long ttl = w.ttlSeconds() == null ? 0 : w.ttlSeconds();
        Instant expiresAt = ttl > 0 ? now.plusSeconds(ttl) : null;
        CacheMetadata m = new CacheMetadata(
                key.value(),
                w.contentType() == null ? DEFAULT_CONTENT_TYPE : w.contentType(),
                version + 1,
                size,
                current.map(CacheMetadata::createdAt).orElse(now),
                now,
                principal,
                ttl > 0 ? ttl : null,
                expiresAt);
        current.filter(c -> c.expiresAt() != null)
                .ifPresent(c -> expiry.delete(new CacheRecords.Expiry(c.expiresAt(), session, key.slot())));
        entries.put(key.slot(), m);
        values.put(key.slot(), w.value());
        if (expiresAt != null) {
            expiry.put(new CacheRecords.Expiry(expiresAt, session, key.slot()));
        }
        totals = totals.plus(current.isPresent() ? 0 : 1, size - oldSize);
        return m;
    }

    /** Deletes the live entry under {@code slot}; returns whether there was one. */
    boolean delete(String slot) {
        Optional<CacheMetadata> m = live(slot);
        m.ifPresent(c -> remove(slot, c));
        return m.isPresent();
    }

    /** Removes an entry whatever its expiry (the purge and deletes). */
    void remove(String slot, CacheMetadata m) {
        entries.delete(slot);
        values.delete(slot);
        if (m.expiresAt() != null) {
            expiry.delete(new CacheRecords.Expiry(m.expiresAt(), session, slot));
        }
        totals = totals.plus(-1, -m.size());
    }

    /** Stores the session's totals if this change moved them. */
    void finish() {
        if (totals.equals(before)) {
            return;
        }
        if (totals.entryCount() <= 0) {
            totalsRecords.delete(CacheRecords.ALL);
        } else {
            totalsRecords.put(CacheRecords.ALL, totals);
        }
    }
}
