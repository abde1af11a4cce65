package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.aetherfs.proto.v1.BatchDeleteCacheEntriesRequest;
import io.aetherfs.proto.v1.BatchGetCacheEntriesRequest;
import io.aetherfs.proto.v1.BatchSetCacheEntriesRequest;
import io.aetherfs.proto.v1.CacheEntry;
import io.aetherfs.proto.v1.CacheEntryExistsRequest;
import io.aetherfs.proto.v1.CacheEntryMetadata;
import io.aetherfs.proto.v1.CacheEntryWrite;
import io.aetherfs.proto.v1.CompareAndSetCacheEntryRequest;
import io.aetherfs.proto.v1.DeleteCacheEntriesByPrefixRequest;
import io.aetherfs.proto.v1.DeleteCacheEntryRequest;
import io.aetherfs.proto.v1.GetCacheEntryMetadataRequest;
import io.aetherfs.proto.v1.GetCacheEntryRequest;
import io.aetherfs.proto.v1.GetCacheStatsRequest;
import io.aetherfs.proto.v1.KnowledgeCacheServiceGrpc;
import io.aetherfs.proto.v1.KnowledgeCacheServiceGrpc.KnowledgeCacheServiceBlockingStub;
import io.aetherfs.proto.v1.ListCacheKeysRequest;
import io.aetherfs.proto.v1.SetCacheEntryRequest;
import io.aetherfs.testkit.Await;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KnowledgeCacheService over a real socket: every RPC, its answers and its errors. */
class KnowledgeCacheGrpcIT {
    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.inNewTenant("alice");
    private final KnowledgeCacheServiceBlockingStub cache = stub(alice);
    private final String id = GrpcTestCalls.newSession(alice);

    private KnowledgeCacheServiceBlockingStub stub(GrpcTestServer.Stubs s) {
        return s.auth(KnowledgeCacheServiceGrpc.newBlockingStub(server.channel));
    }

    private CacheEntryMetadata set(String key, String value) {
        return cache.setCacheEntry(SetCacheEntryRequest.newBuilder()
                .setSessionId(id)
                .setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .build());
    }

    private CacheEntryMetadata cas(String key, String value, long expected) {
        return cache.compareAndSetCacheEntry(CompareAndSetCacheEntryRequest.newBuilder()
                .setSessionId(id)
                .setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .setExpectedVersion(expected)
                .build());
    }

    private CacheEntry get(String key) {
        return cache.getCacheEntry(
                GetCacheEntryRequest.newBuilder().setSessionId(id).setKey(key).build());
    }

    @Test
    void setGetMetadataExistsDelete_andVersions() {
        CacheEntryMetadata m = set("notes/a b", "one");
        assertThat(m.getVersion()).isEqualTo(1);
        assertThat(m.getContentType()).isEqualTo("application/octet-stream");
        assertThat(m.getUpdatedBy()).isEqualTo("alice");
        assertThat(m.hasExpiresAt()).isFalse();
        assertThat(set("notes/a b", "two").getVersion()).isEqualTo(2);
        CacheEntry e = get("notes/a b");
        assertThat(e.getValue().toStringUtf8()).isEqualTo("two");
        assertThat(e.getVersion()).isEqualTo(2);
        assertThat(cache.getCacheEntryMetadata(GetCacheEntryMetadataRequest.newBuilder()
                                .setSessionId(id)
                                .setKey("notes/a b")
                                .build())
                        .getSize())
                .isEqualTo(3);
        assertThat(cache.cacheEntryExists(CacheEntryExistsRequest.newBuilder()
                                .setSessionId(id)
                                .setKey("notes/a b")
                                .build())
                        .getExists())
                .isTrue();
        DeleteCacheEntryRequest del = DeleteCacheEntryRequest.newBuilder()
                .setSessionId(id)
                .setKey("notes/a b")
                .build();
        assertThat(cache.deleteCacheEntry(del).getDeleted()).isTrue();
        assertThat(cache.deleteCacheEntry(del).getDeleted()).isFalse();
        assertFails(() -> get("notes/a b"), Status.Code.NOT_FOUND);
        assertFails(
                () -> cache.getCacheEntryMetadata(GetCacheEntryMetadataRequest.newBuilder()
                        .setSessionId(id)
                        .setKey("notes/a b")
                        .build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void compareAndSet_mismatchIsAbortedWithTheCurrentVersion() {
        assertThat(cas("k", "a", 0).getVersion()).isEqualTo(1);
        ErrorInfo info = assertFails(() -> cas("k", "b", 0), Status.Code.ABORTED, "CACHE_VERSION_MISMATCH");
        assertThat(info.getMetadataMap()).containsEntry("currentVersion", "1").containsEntry("key", "k");
        assertThat(cas("k", "b", 1).getVersion()).isEqualTo(2);
        assertThat(get("k").getValue().toStringUtf8()).isEqualTo("b");
    }

    @Test
    void badInput_reservedAndEmptyKeys_oversizeValues_areRefused() {
        assertFails(() -> set("", "v"), Status.Code.INVALID_ARGUMENT);
        assertFails(() -> set("keys", "v"), Status.Code.INVALID_ARGUMENT);
        assertFails(() -> get("stats"), Status.Code.INVALID_ARGUMENT);
        assertFails(() -> set("x".repeat(513), "v"), Status.Code.INVALID_ARGUMENT);
        ErrorInfo info = assertFails(
                () -> cache.setCacheEntry(SetCacheEntryRequest.newBuilder()
                        .setSessionId(id)
                        .setKey("big")
                        .setValue(ByteString.copyFrom(new byte[(1 << 20) + 1]))
                        .build()),
                Status.Code.RESOURCE_EXHAUSTED,
                "PAYLOAD_TOO_LARGE");
        assertThat(info.getMetadataMap()).containsEntry("limit", "1048576");
        assertFails(
                () -> cache.deleteCacheEntriesByPrefix(DeleteCacheEntriesByPrefixRequest.newBuilder()
                        .setSessionId(id)
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> stub(server.as(GrpcTestServer.TENANT, "reader"))
                        .setCacheEntry(SetCacheEntryRequest.newBuilder()
                                .setSessionId(id)
                                .setKey("k")
                                .build()),
                Status.Code.PERMISSION_DENIED);
    }

    @Test
    void otherTenants_andUnknownSessions_areNotFound() {
        set("k", "v");
        KnowledgeCacheServiceBlockingStub other = stub(server.inNewTenant("mallory"));
        assertFails(
                () -> other.getCacheEntry(GetCacheEntryRequest.newBuilder()
                        .setSessionId(id)
                        .setKey("k")
                        .build()),
                Status.Code.NOT_FOUND);
        assertFails(
                () -> other.getCacheStats(
                        GetCacheStatsRequest.newBuilder().setSessionId(id).build()),
                Status.Code.NOT_FOUND);
        assertFails(
                () -> cache.getCacheEntry(GetCacheEntryRequest.newBuilder()
                        .setSessionId("sess_nope")
                        .setKey("k")
                        .build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void batches_listing_prefixDelete_andStats() {
        var written = cache.batchSetCacheEntries(BatchSetCacheEntriesRequest.newBuilder()
                .setSessionId(id)
                .addEntries(write("p/1", "a"))
                .addEntries(write("p/2", "bb"))
                .addEntries(write("q", "ccc").toBuilder().setContentType("text/plain"))
                .build());
        assertThat(written.getEntriesList())
                .extracting(CacheEntryMetadata::getVersion)
                .containsExactly(1L, 1L, 1L);
        assertFails(
                () -> cache.batchSetCacheEntries(BatchSetCacheEntriesRequest.newBuilder()
                        .setSessionId(id)
                        .addEntries(write("new", "n"))
                        .addEntries(write("q", "x").toBuilder().setExpectedVersion(0))
                        .build()),
                Status.Code.ABORTED,
                "CACHE_VERSION_MISMATCH");
        var got = cache.batchGetCacheEntries(BatchGetCacheEntriesRequest.newBuilder()
                .setSessionId(id)
                .addKeys("q")
                .addKeys("new")
                .addKeys("p/1")
                .build());
        assertThat(got.getEntriesList()).extracting(CacheEntry::getKey).containsExactly("q", "p/1");
        assertThat(got.getMissingKeysList()).containsExactly("new");
        var page = cache.listCacheKeys(ListCacheKeysRequest.newBuilder()
                .setSessionId(id)
                .setPageSize(2)
                .setIncludeMetadata(true)
                .build());
        assertThat(page.getKeysList()).containsExactly("p/1", "p/2");
        assertThat(page.getEntriesList())
                .extracting(CacheEntryMetadata::getSize)
                .containsExactly(1L, 2L);
        var rest = cache.listCacheKeys(ListCacheKeysRequest.newBuilder()
                .setSessionId(id)
                .setPageSize(2)
                .setPageToken(page.getNextPageToken())
                .build());
        assertThat(rest.getKeysList()).containsExactly("q");
        assertThat(rest.getEntriesList()).isEmpty();
        assertThat(rest.getNextPageToken()).isEmpty();
        assertThat(cache.listCacheKeys(ListCacheKeysRequest.newBuilder()
                                .setSessionId(id)
                                .setPrefix("p/")
                                .build())
                        .getKeysList())
                .containsExactly("p/1", "p/2");
        var stats = cache.getCacheStats(
                GetCacheStatsRequest.newBuilder().setSessionId(id).build());
        assertThat(stats.getEntryCount()).isEqualTo(3);
        assertThat(stats.getTotalBytes()).isEqualTo(6);
        assertThat(stats.getMaxValueBytes()).isEqualTo(1 << 20);
        assertThat(stats.getHitCount()).isEqualTo(2);
        assertThat(stats.getMissCount()).isEqualTo(1);
        assertThat(cache.deleteCacheEntriesByPrefix(DeleteCacheEntriesByPrefixRequest.newBuilder()
                                .setSessionId(id)
                                .setPrefix("p/")
                                .build())
                        .getDeletedCount())
                .isEqualTo(2);
        assertThat(cache.batchDeleteCacheEntries(BatchDeleteCacheEntriesRequest.newBuilder()
                                .setSessionId(id)
                                .addKeys("q")
                                .addKeys("p/1")
                                .build())
                        .getDeletedCount())
                .isEqualTo(1);
        assertThat(cache.getCacheStats(GetCacheStatsRequest.newBuilder()
                                .setSessionId(id)
                                .build())
                        .getEntryCount())
                .isZero();
    }

    @Test
    void ttl_anExpiredEntryIsNotFound() {
        CacheEntryMetadata m = cache.setCacheEntry(SetCacheEntryRequest.newBuilder()
                .setSessionId(id)
                .setKey("short")
                .setValue(ByteString.copyFromUtf8("v"))
                .setTtlSeconds(1)
                .build());
        assertThat(m.getTtlSeconds()).isEqualTo(1);
        assertThat(m.getExpiresAt().getSeconds()).isEqualTo(m.getUpdatedAt().getSeconds() + 1);
        Await.until(Duration.ofSeconds(5), "expiry", () -> !cache.cacheEntryExists(CacheEntryExistsRequest.newBuilder()
                        .setSessionId(id)
                        .setKey("short")
                        .build())
                .getExists());
        assertFails(() -> get("short"), Status.Code.NOT_FOUND);
    }

    private static CacheEntryWrite write(String key, String value) {
        return CacheEntryWrite.newBuilder()
                .setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .build();
    }
}
