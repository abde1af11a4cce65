package io.aetherfs.service.cache;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.session.SessionAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The writes of the knowledge cache (spec §8.10): each one change of the engine, so compare-and-set holds
 * across nodes (the change's reads are validated when it commits). They need tenant.session.write and a
 * status that allows metadata writes.
 */
final class CacheWrites {
    private static final int MAX_CONTENT_TYPE_CHARS = 128;

    private final Engine engine;
    private final Limits limits;

    CacheWrites(Engine engine, Limits limits) {
        this.engine = engine;
        this.limits = limits;
    }

    CacheMetadata set(Caller caller, SessionId id, CacheWrite w) {
        return batchSet(caller, id, List.of(w)).getFirst();
    }

    /** Writes every entry or none: a version mismatch or the quota refuses the whole batch. */
    List<CacheMetadata> batchSet(Caller caller, SessionId id, List<CacheWrite> writes) {
        caller.require(Scope.SESSION_WRITE);
        checkCount(writes.size(), "entries");
        List<CacheKey> keys = new ArrayList<>(writes.size());
        Set<String> seen = new HashSet<>();
        for (CacheWrite w : writes) {
            CacheKey key = key(w.key());
            if (!seen.add(key.slot())) {
                throw AfsException.invalid("cache key \"" + key + "\" appears twice in one batch");
            }
            check(key, w);
            keys.add(key);
        }
        return change(caller, id, table -> {
            List<CacheMetadata> out = new ArrayList<>(writes.size());
            for (int i = 0; i < writes.size(); i++) {
                out.add(table.put(keys.get(i), writes.get(i), caller.principal()));
            }
            return out;
        });
    }

    boolean delete(Caller caller, SessionId id, String rawKey) {
        return batchDelete(caller, id, List.of(rawKey)) == 1;
    }

    /** Deletes the entries that exist; returns how many did. */
    long batchDelete(Caller caller, SessionId id, List<String> rawKeys) {
        caller.require(Scope.SESSION_WRITE);
        checkCount(rawKeys.size(), "keys");
        Set<String> slots = new LinkedHashSet<>();
        rawKeys.forEach(k -> slots.add(key(k).slot()));
        return change(caller, id, table -> slots.stream().filter(table::delete).count());
    }

    /** Deletes every entry whose key starts with {@code prefix} (non-empty); returns how many. */
    long deleteByPrefix(Caller caller, SessionId id, String prefix) {
        caller.require(Scope.SESSION_WRITE);
        if (prefix == null || prefix.isEmpty()) {
            throw AfsException.invalid("prefix must not be empty (delete-by-prefix never clears a whole cache)");
        }
        KeyOrder.Range range = KeyOrder.prefixRange(prefix.getBytes(StandardCharsets.UTF_8));
        return change(caller, id, table -> {
            var entries = table.entriesView();
            long deleted = 0;
            String after = range.after();
            while (true) {
                var page =
                        entries.list(RecordQuery.<String>first(500).after(after).until(range.until()));
                for (CacheMetadata m : page.items()) {
                    String slot = KeyOrder.encode(m.key().getBytes(StandardCharsets.UTF_8));
                    deleted += m.liveAt(table.now()) ? 1 : 0;
                    table.remove(slot, m);
                    after = slot;
                }
                if (!page.more()) {
                    return deleted;
                }
            }
        });
    }

    private <T> T change(Caller caller, SessionId id, Function<CacheTable, T> body) {
        return engine.execute(caller.tenant(), caller.actor(), (ChangeContext ctx) -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            CacheTable table = new CacheTable(ctx, id, limits.maxCacheBytesPerSession());
            T result = body.apply(table);
            table.finish();
            return result;
        });
    }

    private CacheKey key(String raw) {
        return CacheKey.parse(raw, limits.maxCacheKeyBytes());
    }

    private void check(CacheKey key, CacheWrite w) {
        if (w.value().length > limits.maxCacheValueBytes()) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    "the value of cache key \"" + key + "\" has " + w.value().length
                            + " bytes; cache values are limited to " + limits.maxCacheValueBytes(),
                    "limit",
                    Long.toString(limits.maxCacheValueBytes()));
        }
        String type = w.contentType();
        if (type != null
                && (type.length() > MAX_CONTENT_TYPE_CHARS || !type.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw AfsException.invalid(
                    "contentType must be at most " + MAX_CONTENT_TYPE_CHARS + " printable ASCII characters");
        }
        if (w.ttlSeconds() != null && (w.ttlSeconds() < 0 || w.ttlSeconds() > 100L * 365 * 86_400)) {
            throw AfsException.invalid("ttlSeconds must be 0 (no expiry) to 3153600000 (100 years)");
        }
        if (w.expectedVersion() != null && w.expectedVersion() < 0) {
            throw AfsException.invalid("expectedVersion must not be negative (0 means: the key must not exist)");
        }
    }

    private void checkCount(int n, String what) {
        if (n == 0) {
            throw AfsException.invalid(what + " must not be empty");
        }
        if (n > limits.maxBatchOperations()) {
            throw AfsException.invalid(
                    "a cache batch holds at most " + limits.maxBatchOperations() + " " + what + "; this one has " + n);
        }
    }
}
