package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.cache.CacheMetadata;
import io.aetherfs.service.cache.CacheWrite;
import io.aetherfs.service.cache.KnowledgeCache;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The knowledge cache's use cases on the in-memory engine, with time standing still until moved. */
class KnowledgeCacheTest {
    private final Fixture f = new Fixture();
    private final KnowledgeCache cache = f.services.cache();

    @AfterEach
    void close() {
        f.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CacheWrite w(String key, String value) {
        return new CacheWrite(key, b(value), null, null, null);
    }

    private static CacheWrite cas(String key, String value, long expected) {
        return new CacheWrite(key, b(value), null, null, expected);
    }

    @Test
    void set_thenGet_countsVersions_andDefaultsTheContentType() {
        SessionId id = f.newSession();
        CacheMetadata m1 = cache.set(f.alice, id, w("a/b", "one"));
        f.clock.advance(Duration.ofSeconds(1));
        CacheMetadata m2 = cache.set(f.bob, id, new CacheWrite("a/b", b("two!"), "text/plain", null, null));
        assertThat(m1.version()).isEqualTo(1);
        assertThat(m1.contentType()).isEqualTo("application/octet-stream");
        assertThat(m2.version()).isEqualTo(2);
        assertThat(m2.size()).isEqualTo(4);
        assertThat(m2.createdAt()).isEqualTo(m1.createdAt());
        assertThat(m2.updatedAt()).isAfter(m1.updatedAt());
        assertThat(m2.updatedBy()).isEqualTo("bob");
        assertThat(cache.get(f.alice, id, "a/b").value()).isEqualTo(b("two!"));
        assertThat(cache.metadata(f.alice, id, "a/b")).isEqualTo(m2);
        assertThat(cache.exists(f.alice, id, "a/b")).isTrue();
        assertThat(cache.exists(f.alice, id, "a")).isFalse();
        code(ErrorCode.NOT_FOUND, () -> cache.get(f.alice, id, "a"));
        code(ErrorCode.NOT_FOUND, () -> cache.metadata(f.alice, id, "a"));
    }

    @Test
    void compareAndSet_zeroMeansAbsent_andAMismatchIsAbortedWithTheCurrentVersion() {
        SessionId id = f.newSession();
        assertThat(cache.compareAndSet(f.alice, id, cas("k", "v1", 0)).version())
                .isEqualTo(1);
        AfsException e =
                reason(Reason.CACHE_VERSION_MISMATCH, () -> cache.compareAndSet(f.alice, id, cas("k", "x", 0)));
        assertThat(e.code()).isEqualTo(ErrorCode.ABORTED);
        assertThat(e.metadata()).containsEntry("currentVersion", "1").containsEntry("key", "k");
        assertThat(e.getMessage()).contains("version 1");
        assertThat(cache.compareAndSet(f.alice, id, cas("k", "v2", 1)).version())
                .isEqualTo(2);
        e = reason(Reason.CACHE_VERSION_MISMATCH, () -> cache.compareAndSet(f.alice, id, cas("absent", "x", 3)));
        assertThat(e.metadata()).containsEntry("currentVersion", "0");
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.compareAndSet(f.alice, id, w("k", "no expected version")));
        assertThat(cache.get(f.alice, id, "k").value()).isEqualTo(b("v2"));
    }

    @Test
    void badKeys_reservedKeys_andOversizeValues_areRefused() {
        SessionId id = f.newSession();
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.set(f.alice, id, w("", "v")));
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.set(f.alice, id, w("keys", "v")));
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.get(f.alice, id, "stats"));
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.set(f.alice, id, w("é".repeat(257), "v")));
        assertThat(cache.set(f.alice, id, w("é".repeat(256), "v")).version()).isEqualTo(1);
        AfsException e = reason(
                Reason.PAYLOAD_TOO_LARGE,
                () -> cache.set(f.alice, id, new CacheWrite("big", new byte[(1 << 20) + 1], null, null, null)));
        assertThat(e.metadata()).containsEntry("limit", Long.toString(1 << 20));
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.set(f.alice, id, new CacheWrite("t", b("v"), null, -1L, null)));
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.set(f.alice, id, new CacheWrite("t", b("v"), "a\nb", null, null)));
    }

    @Test
    void sessionQuota_isQuotaExceeded_andCountsReplacedValuesOnce() {
        SessionId id = f.newSession();
        try (KnowledgeCache small =
                new KnowledgeCache(f.engine, Limits.DEFAULT.withCache(8, 512, 12), Duration.ofHours(1))) {
            small.set(f.alice, id, w("a", "12345678"));
            small.set(f.alice, id, w("a", "87654321")); // a replacement, still 8 bytes in all
            reason(Reason.PAYLOAD_TOO_LARGE, () -> small.set(f.alice, id, w("b", "123456789")));
            AfsException e = reason(Reason.QUOTA_EXCEEDED, () -> small.set(f.alice, id, w("b", "12345")));
            assertThat(e.metadata()).containsEntry("limit", "12");
            small.set(f.alice, id, w("b", "1234"));
            small.delete(f.alice, id, "a");
            small.set(f.alice, id, w("c", "12345678"));
            assertThat(small.stats(f.alice, id).totalBytes()).isEqualTo(12);
        }
    }

    @Test
    void ttl_expiredEntriesAreNotFoundAtOnce_thenPurged() {
        SessionId id = f.newSession();
        CacheMetadata m = cache.set(f.alice, id, new CacheWrite("t", b("v"), null, 10L, null));
        cache.set(f.alice, id, w("keep", "v"));
        assertThat(m.expiresAt()).isEqualTo(f.clock.instant().plusSeconds(10));
        assertThat(m.ttlSeconds()).isEqualTo(10);
        f.clock.advance(Duration.ofSeconds(9));
        assertThat(cache.exists(f.alice, id, "t")).isTrue();
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(cache.exists(f.alice, id, "t")).isFalse();
        code(ErrorCode.NOT_FOUND, () -> cache.get(f.alice, id, "t"));
        assertThat(keys(cache.list(f.alice, id, "", PageRequest.FIRST))).containsExactly("keep");
        // a compare-and-set treats the expired entry as absent
        assertThat(cache.compareAndSet(f.alice, id, new CacheWrite("t", b("w"), null, 5L, 0L))
                        .version())
                .isEqualTo(1);
        f.clock.advance(Duration.ofSeconds(6));
        Await.until(
                Duration.ofSeconds(10),
                "lazy or periodic purge",
                () -> {
                    cache.purgeExpired();
                    return cache.stats(f.alice, id).entryCount() == 1;
                },
                () -> cache.stats(f.alice, id));
        assertThat(cache.stats(f.alice, id).totalBytes()).isEqualTo(1);
    }

    @Test
    void batchSet_isAllOrNothing_andBatchGetReportsMissingKeys() {
        SessionId id = f.newSession();
        cache.set(f.alice, id, w("x", "1"));
        reason(
                Reason.CACHE_VERSION_MISMATCH,
                () -> cache.batchSet(f.alice, id, List.of(w("new", "n"), cas("x", "2", 0))));
        assertThat(cache.exists(f.alice, id, "new")).isFalse();
        List<CacheMetadata> set = cache.batchSet(f.alice, id, List.of(w("new", "n"), cas("x", "2", 1)));
        assertThat(set).extracting(CacheMetadata::version).containsExactly(1L, 2L);
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.batchSet(f.alice, id, List.of(w("d", "1"), w("d", "2"))));
        var got = cache.batchGet(f.alice, id, List.of("x", "nope", "new"));
        assertThat(got.entries()).extracting(e -> e.metadata().key()).containsExactly("x", "new");
        assertThat(got.missingKeys()).containsExactly("nope");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("k" + i);
        }
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.batchGet(f.alice, id, tooMany));
        assertThat(cache.batchDelete(f.alice, id, List.of("x", "nope", "new"))).isEqualTo(2);
        assertThat(cache.stats(f.alice, id).entryCount()).isZero();
    }

    @Test
    void list_runsInByteOrderByPrefixAndPage_andDeleteByPrefixMatchesTheSameKeys() {
        SessionId id = f.newSession();
        List<String> keys = List.of("a", "a/b", "a/c", "a0", "ab", "b", "é", "ä/x", "a/\u00ff", "a\u0000");
        for (String k : keys) {
            cache.set(f.alice, id, w(k, k));
        }
        List<String> sorted = keys.stream()
                .sorted((x, y) -> java.util.Arrays.compareUnsigned(b(x), b(y)))
                .toList();
        List<String> all = new ArrayList<>();
        PageRequest page = new PageRequest(3, "");
        while (true) {
            Page<CacheMetadata> p = cache.list(f.alice, id, "", page);
            all.addAll(keys(p));
            if (p.nextPageToken().isEmpty()) {
                break;
            }
            page = new PageRequest(3, p.nextPageToken());
        }
        assertThat(all).isEqualTo(sorted);
        assertThat(keys(cache.list(f.alice, id, "a/", PageRequest.FIRST))).containsExactly("a/b", "a/c", "a/\u00ff");
        assertThat(keys(cache.list(f.alice, id, "a", PageRequest.FIRST)))
                .containsExactly("a", "a\u0000", "a/b", "a/c", "a/\u00ff", "a0", "ab");
        String token = cache.list(f.alice, id, "a", new PageRequest(1, "")).nextPageToken();
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.list(f.alice, id, "b", new PageRequest(1, token)));
        code(ErrorCode.INVALID_ARGUMENT, () -> cache.deleteByPrefix(f.alice, id, ""));
        assertThat(cache.deleteByPrefix(f.alice, id, "a/")).isEqualTo(3);
        assertThat(cache.deleteByPrefix(f.alice, id, "a")).isEqualTo(4);
        assertThat(keys(cache.list(f.alice, id, "", PageRequest.FIRST))).containsExactly("b", "ä/x", "é");
    }

    @Test
    void stats_countHitsAndMisses_beforeAndAfterTheyAreFlushed() {
        SessionId id = f.newSession();
        cache.set(f.alice, id, w("a", "123"));
        cache.get(f.alice, id, "a");
        code(ErrorCode.NOT_FOUND, () -> cache.get(f.alice, id, "b"));
        cache.batchGet(f.alice, id, List.of("a", "b", "c"));
        var s = cache.stats(f.alice, id);
        assertThat(s.hitCount()).isEqualTo(2);
        assertThat(s.missCount()).isEqualTo(3);
        assertThat(s.entryCount()).isEqualTo(1);
        assertThat(s.totalBytes()).isEqualTo(3);
        assertThat(s.maxValueBytes()).isEqualTo(1 << 20);
        cache.flushCounters();
        cache.get(f.alice, id, "a");
        assertThat(cache.stats(f.alice, id).hitCount()).isEqualTo(3);
        cache.flushCounters();
        assertThat(cache.stats(f.alice, id).hitCount()).isEqualTo(3);
    }

    @Test
    void access_otherTenantsAreNotFound_scopesApply_andWritesRecordNoEvents() {
        SessionId id = f.newSession();
        cache.set(f.alice, id, w("a", "1"));
        code(ErrorCode.NOT_FOUND, () -> cache.get(f.mallory, id, "a"));
        code(ErrorCode.NOT_FOUND, () -> cache.set(f.mallory, id, w("a", "2")));
        Caller reader = new Caller(Fixture.TENANT, "reader", Set.of(Scope.SESSION_READ), "test", "1");
        assertThat(cache.get(reader, id, "a").value()).isEqualTo(b("1"));
        code(ErrorCode.PERMISSION_DENIED, () -> cache.set(reader, id, w("a", "2")));
        code(ErrorCode.PERMISSION_DENIED, () -> cache.deleteByPrefix(reader, id, "a"));
        var events = f.services
                .events()
                .list(f.alice, id, new EventQuery(null, null, null, 0, null), PageRequest.FIRST)
                .items();
        assertThat(events).hasSize(1); // SESSION_CREATED only
    }

    @Test
    void archivedSession_readsStillWork_writesAreSessionNotActive() {
        SessionId id = f.newSession();
        cache.set(f.alice, id, w("a", "1"));
        f.services.transitions().archive(f.alice, id);
        Await.until(
                Duration.ofSeconds(10),
                "archived",
                () -> f.services.sessions().get(f.alice, id).session().status() == SessionStatus.ARCHIVED,
                () -> f.services.sessions().get(f.alice, id).session().status());
        assertThat(cache.get(f.alice, id, "a").value()).isEqualTo(b("1"));
        assertThat(cache.stats(f.alice, id).entryCount()).isEqualTo(1);
        reason(Reason.SESSION_NOT_ACTIVE, () -> cache.set(f.alice, id, w("a", "2")));
        reason(Reason.SESSION_NOT_ACTIVE, () -> cache.delete(f.alice, id, "a"));
    }

    @Test
    void deletingTheSession_takesItsCacheAlong() {
        SessionId id = f.newSession();
        cache.set(f.alice, id, new CacheWrite("a", b("1"), null, 60L, null));
        cache.get(f.alice, id, "a");
        f.services.sessions().delete(f.alice, id);
        cache.flushCounters();
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(cache.purgeExpired()).isZero();
        List<KeyValue> left = f.meta.read(tx -> tx.scan(Fixture.TENANT, KeyRange.prefix("r/"), 10));
        assertThat(left).isEmpty();
        left = f.meta.read(tx -> tx.scan(Fixture.TENANT, KeyRange.prefix("t/"), 10));
        // the deletion's one usage record (when the session ended) is all the tenant keeps of it
        assertThat(left).extracting(KeyValue::key).allMatch(k -> k.startsWith("t/session-end/"));
    }

    private static List<String> keys(Page<CacheMetadata> p) {
        return p.items().stream().map(CacheMetadata::key).toList();
    }
}
